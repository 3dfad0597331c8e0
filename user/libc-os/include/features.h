/* features.h - glibc's name for the header of feature-test macros, which
 * programs written for Linux include; picolibc keeps them in
 * <sys/features.h>. It names no C library: __GLIBC__ stays undefined, so
 * a program that tests for glibc does not take Bower's for it. */
#ifndef BOWER_FEATURES_H
#define BOWER_FEATURES_H

#include <sys/features.h>

#endif
