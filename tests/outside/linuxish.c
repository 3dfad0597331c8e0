/*
 * linuxish.c - a program written as for Linux, built with APPS=: what
 * gcc's default flags let through (an unused variable, a signed and
 * unsigned comparison) and an OpenMP pragma, which Bower ignores. It must
 * build (with warnings) and run.
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
	int unused;
	const char *word = "ten";
	long sum = 0;
#pragma omp parallel for reduction(+ : sum)
	for (int i = 1; i <= 10; i++)
		sum += i * i;
	int n = 3;
	if (n == strlen(word))
		printf("linuxish: 10 squares sum to %ld\n", sum);
	return 0;
}
