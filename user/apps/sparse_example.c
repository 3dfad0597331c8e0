/*
 * sparse_example.c - the sparse access pattern of the task, in small.
 *
 * Maps a 9-page file with MAP_SHARED | MAP_LLM and touches pages 0, 2, 5,
 * 6 and 8 in that order, writing 'A' + page into the first byte of each.
 * Each first touch is a page fault that the file server's pager resolves.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>

#define PAGE_SIZE 4096
#define NPAGES	  9

int main(void)
{
	int fd = open("weight.dat", O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		perror("open weight.dat");
		return 1;
	}
	if (ftruncate(fd, NPAGES * PAGE_SIZE) < 0) {
		perror("ftruncate");
		return 1;
	}
	char *data =
	    mmap(NULL, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LLM, fd, 0);
	if (data == MAP_FAILED) {
		printf("mmap of weight.dat failed: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	const int pages[] = {0, 2, 5, 6, 8};
	for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		data[pages[i] * PAGE_SIZE] = (char)('A' + pages[i]);
		printf("Accessed page %d, first byte: %c\n", pages[i], data[pages[i] * PAGE_SIZE]);
	}
	munmap(data, NPAGES * PAGE_SIZE);
	close(fd);
	return 0;
}
