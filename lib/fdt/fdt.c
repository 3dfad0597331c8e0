/*
 * fdt.c - a minimal, bounds-checked flattened device tree reader.
 *
 * The blob is big-endian: a header, a structure block of tokens
 * (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP, END), and a
 * strings block for property names. fdt_check walks the whole structure
 * once, checking every token, length and name offset against the blocks'
 * bounds; the lookups below then walk it again the same way (they share
 * the one walker, so they cannot read anything the check did not).
 */
#include "fdt.h"
#include <string.h>

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9
#define MAX_DEPTH      16

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

struct fdt_view {
	const uint8_t *structs;
	uint32_t struct_size;
	const char *strings;
	uint32_t strings_size;
};

static int view_of(const void *blob, size_t max_size, struct fdt_view *v)
{
	const uint8_t *b = blob;
	if (max_size < 40 || be32(b) != FDT_MAGIC)
		return -1;
	uint32_t total = be32(b + 4), off_struct = be32(b + 8), off_strings = be32(b + 12);
	uint32_t version = be32(b + 20), size_strings = be32(b + 32), size_struct = be32(b + 36);
	if (version < 16 || total > max_size || total < 40)
		return -1;
	if (off_struct > total || size_struct > total - off_struct || off_strings > total ||
	    size_strings > total - off_strings)
		return -1;
	v->structs = b + off_struct;
	v->struct_size = size_struct;
	v->strings = (const char *)b + off_strings;
	v->strings_size = size_strings;
	return 0;
}

/* Called for each property: path of node names (depth entries), the
 * property name and value. Return nonzero to stop the walk. */
typedef int (*prop_fn)(void *ctx, const char *const *path, int depth, const char *name,
		       const uint8_t *value, uint32_t len);

static int walk(const struct fdt_view *v, prop_fn fn, void *ctx)
{
	const char *path[MAX_DEPTH];
	int depth = 0;
	uint32_t off = 0;
	for (;;) {
		if (off > v->struct_size - 4 || v->struct_size < 4)
			return -1;
		uint32_t token = be32(v->structs + off);
		off += 4;
		switch (token) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)v->structs + off;
			const char *nul = memchr(name, '\0', v->struct_size - off);
			if (!nul || depth == MAX_DEPTH)
				return -1;
			path[depth++] = name;
			off += ((uint32_t)(nul - name) + 1 + 3) & ~3U;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return -1;
			depth--;
			break;
		case FDT_PROP: {
			if (off > v->struct_size - 8 || v->struct_size < 8)
				return -1;
			uint32_t len = be32(v->structs + off), nameoff = be32(v->structs + off + 4);
			off += 8;
			if (len > v->struct_size - off || nameoff >= v->strings_size)
				return -1;
			const char *name = v->strings + nameoff;
			if (!memchr(name, '\0', v->strings_size - nameoff) || depth == 0)
				return -1;
			if (fn && fn(ctx, path, depth, name, v->structs + off, len))
				return 1;
			off += (len + 3) & ~3U;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 ? 0 : -1;
		default:
			return -1;
		}
	}
}

int fdt_check(const void *blob, size_t max_size)
{
	struct fdt_view v;
	if (view_of(blob, max_size, &v) < 0)
		return -1;
	return walk(&v, NULL, NULL) == 0 ? 0 : -1;
}

static size_t total_size(const void *blob)
{
	return be32((const uint8_t *)blob + 4);
}

struct memory_ctx {
	uint32_t addr_cells, size_cells;
	uint64_t base, size;
	int found;
};

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

/* The root's #address-cells and #size-cells, which say how its children's
 * reg ranges are written: 1 if this property was one of them. */
static int root_cells(int depth, const char *name, const uint8_t *value, uint32_t len,
		      uint32_t *addr_cells, uint32_t *size_cells)
{
	if (depth != 1 || len != 4)
		return 0;
	if (strcmp(name, "#address-cells") == 0)
		*addr_cells = be32(value);
	else if (strcmp(name, "#size-cells") == 0)
		*size_cells = be32(value);
	else
		return 0;
	return 1;
}

/* The first range of a reg property: 1, or 0 if it cannot be read. */
static int first_reg(const uint8_t *value, uint32_t len, uint32_t a, uint32_t s, uint64_t *base,
		     uint64_t *size)
{
	if ((a != 1 && a != 2) || (s != 1 && s != 2) || len < 4 * (a + s))
		return 0;
	*base = read_cells(value, a);
	*size = read_cells(value + 4 * a, s);
	return 1;
}

static int memory_prop(void *ctx, const char *const *path, int depth, const char *name,
		       const uint8_t *value, uint32_t len)
{
	struct memory_ctx *m = ctx;
	if (root_cells(depth, name, value, len, &m->addr_cells, &m->size_cells))
		return 0;
	if (depth == 2 && strncmp(path[1], "memory", 6) == 0 &&
	    (path[1][6] == '\0' || path[1][6] == '@') && strcmp(name, "reg") == 0) {
		m->found = first_reg(value, len, m->addr_cells, m->size_cells, &m->base, &m->size);
		return m->found;
	}
	return 0;
}

int fdt_memory(const void *blob, uint64_t *base, uint64_t *size)
{
	struct fdt_view v;
	struct memory_ctx m = {2, 1, 0, 0, 0};
	if (view_of(blob, total_size(blob), &v) < 0 || walk(&v, memory_prop, &m) < 0 || !m.found)
		return -1;
	*base = m.base;
	*size = m.size;
	return 0;
}

struct bootargs_ctx {
	const char *args;
};

static int bootargs_prop(void *ctx, const char *const *path, int depth, const char *name,
			 const uint8_t *value, uint32_t len)
{
	struct bootargs_ctx *b = ctx;
	if (depth == 2 && strcmp(path[1], "chosen") == 0 && strcmp(name, "bootargs") == 0 &&
	    len > 0 && memchr(value, '\0', len)) {
		b->args = (const char *)value;
		return 1;
	}
	return 0;
}

const char *fdt_bootargs(const void *blob)
{
	struct fdt_view v;
	struct bootargs_ctx b = {NULL};
	if (view_of(blob, total_size(blob), &v) < 0 || walk(&v, bootargs_prop, &b) < 0)
		return NULL;
	return b.args;
}

/* Devices: the properties of one node come one by one, in any order, so
 * each child of the root is gathered while its properties pass and judged
 * when the walk moves on to the next node (or ends). */
struct devices_ctx {
	const char *compatible;
	struct fdt_device *out;
	int max, found;
	uint32_t addr_cells, size_cells;
	const char *node; /* the node being gathered (its name in the blob) */
	int matches, has_reg;
	struct fdt_device dev;
};

static int compatible_lists(const uint8_t *value, uint32_t len, const char *want)
{
	/* A string list: NUL-terminated strings one after another. */
	for (uint32_t at = 0; at < len;) {
		const char *s = (const char *)value + at;
		const char *nul = memchr(s, '\0', len - at);
		if (!nul)
			return 0;
		if (strcmp(s, want) == 0)
			return 1;
		at += (uint32_t)(nul - s) + 1;
	}
	return 0;
}

static void device_done(struct devices_ctx *d)
{
	if (d->node && d->matches && d->has_reg) {
		if (d->found < d->max)
			d->out[d->found] = d->dev;
		d->found++;
	}
	d->node = NULL;
	d->matches = d->has_reg = 0;
	d->dev = (struct fdt_device){0, 0, 0};
}

static int devices_prop(void *ctx, const char *const *path, int depth, const char *name,
			const uint8_t *value, uint32_t len)
{
	struct devices_ctx *d = ctx;
	root_cells(depth, name, value, len, &d->addr_cells, &d->size_cells);
	if (depth != 2)
		return 0;
	if (path[1] != d->node) {
		device_done(d);
		d->node = path[1];
	}
	if (strcmp(name, "compatible") == 0) {
		d->matches = compatible_lists(value, len, d->compatible);
	} else if (strcmp(name, "reg") == 0) {
		d->has_reg =
		    first_reg(value, len, d->addr_cells, d->size_cells, &d->dev.base, &d->dev.size);
	} else if (strcmp(name, "interrupts") == 0 && len >= 12) {
		/* The GIC's three cells: kind (0 SPI, 1 PPI), number, flags. */
		uint32_t kind = be32(value), number = be32(value + 4);
		if ((kind == 0 && number < 988) || (kind == 1 && number < 16))
			d->dev.irq = (kind == 0 ? 32 : 16) + number;
	}
	return 0;
}

int fdt_devices(const void *blob, const char *compatible, struct fdt_device *out, int max)
{
	struct fdt_view v;
	struct devices_ctx d = {
	    .compatible = compatible, .out = out, .max = max, .addr_cells = 2, .size_cells = 1};
	if (view_of(blob, total_size(blob), &v) < 0 || walk(&v, devices_prop, &d) < 0)
		return -1;
	device_done(&d);
	return d.found;
}

/* CPUs: like devices, one /cpus child gathered while its properties pass.
 * /cpus has #address-cells of its own (1 or 2: the width of an MPIDR). */
struct cpus_ctx {
	struct fdt_cpu *out;
	int max, found;
	uint32_t addr_cells;
	const char *node;
	int is_cpu, has_reg;
	struct fdt_cpu cpu;
};

static void cpu_done(struct cpus_ctx *c)
{
	if (c->node && c->is_cpu && c->has_reg) {
		if (c->found < c->max)
			c->out[c->found] = c->cpu;
		c->found++;
	}
	c->node = NULL;
	c->is_cpu = c->has_reg = 0;
	c->cpu = (struct fdt_cpu){0, 0};
}

static int cpus_prop(void *ctx, const char *const *path, int depth, const char *name,
		     const uint8_t *value, uint32_t len)
{
	struct cpus_ctx *c = ctx;
	if (depth < 2 || strcmp(path[1], "cpus") != 0)
		return 0;
	if (depth == 2) {
		if (strcmp(name, "#address-cells") == 0 && len == 4)
			c->addr_cells = be32(value);
		return 0;
	}
	if (depth != 3)
		return 0;
	if (path[2] != c->node) {
		cpu_done(c);
		c->node = path[2];
	}
	if (strcmp(name, "device_type") == 0)
		c->is_cpu = len == 4 && memcmp(value, "cpu", 4) == 0;
	else if (strcmp(name, "enable-method") == 0)
		c->cpu.psci = compatible_lists(value, len, "psci");
	else if (strcmp(name, "reg") == 0 && (c->addr_cells == 1 || c->addr_cells == 2) &&
		 len >= 4 * c->addr_cells) {
		c->cpu.mpidr = read_cells(value, c->addr_cells);
		c->has_reg = 1;
	}
	return 0;
}

int fdt_cpus(const void *blob, struct fdt_cpu *out, int max)
{
	struct fdt_view v;
	struct cpus_ctx c = {.out = out, .max = max, .addr_cells = 1};
	if (view_of(blob, total_size(blob), &v) < 0 || walk(&v, cpus_prop, &c) < 0)
		return -1;
	cpu_done(&c);
	return c.found;
}

static int psci_prop(void *ctx, const char *const *path, int depth, const char *name,
		     const uint8_t *value, uint32_t len)
{
	int *method = ctx;
	if (depth == 2 && strcmp(path[1], "psci") == 0 && strcmp(name, "method") == 0 && len == 4) {
		if (memcmp(value, "hvc", 4) == 0)
			*method = 'h';
		else if (memcmp(value, "smc", 4) == 0)
			*method = 's';
		return 1;
	}
	return 0;
}

int fdt_psci_method(const void *blob)
{
	struct fdt_view v;
	int method = 0;
	if (view_of(blob, total_size(blob), &v) < 0 || walk(&v, psci_prop, &method) < 0)
		return 0;
	return method;
}
