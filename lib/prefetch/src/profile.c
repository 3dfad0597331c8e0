/*
 * profile.c - saving and loading what a model learned.
 *
 * The format (PROFILE.md has the full description):
 *	"BWPF" | u16 version | u16 kind | u32 pages | u32 payload length |
 *	sections (u32 type, u32 length, data) ... | u32 CRC-32 of all before it
 * all little-endian. Loading checks the whole file (length, magic,
 * version, checksum, page count, every section's bounds and every entry)
 * before it changes anything, so a bad profile leaves the model as it was.
 */
#include <string.h>
#include "model.h"

#define MAGIC	    "BWPF"
#define VERSION	    1
#define HEADER_SIZE 16
#define CRC_SIZE    4

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

size_t pf_section_begin(uint8_t *buf, size_t size, uint32_t type, size_t payload, uint8_t **out)
{
	size_t need = 8 + payload;
	*out = NULL;
	if (need > size)
		return need;
	pf_put32(buf, type);
	pf_put32(buf + 4, (uint32_t)payload);
	*out = buf + 8;
	return need;
}

int pf_profile_save(const struct pf_model *m, void *out, size_t size, size_t *len)
{
	const struct pf_predictor_ops *ops = pf_model_ops(m);
	uint8_t *buf = out;
	size_t room = size > HEADER_SIZE + CRC_SIZE ? size - HEADER_SIZE - CRC_SIZE : 0;
	size_t payload = ops->save ? ops->save(pf_model_state(m), buf + HEADER_SIZE, room) : 0;
	*len = HEADER_SIZE + payload + CRC_SIZE;
	if (*len > size || payload > room)
		return PF_ENOSPACE;
	memcpy(buf, MAGIC, 4);
	buf[4] = VERSION & 0xff;
	buf[5] = VERSION >> 8;
	buf[6] = (uint8_t)pf_model_params(m)->kind;
	buf[7] = 0;
	pf_put32(buf + 8, pf_model_params(m)->pages);
	pf_put32(buf + 12, (uint32_t)payload);
	pf_put32(buf + HEADER_SIZE + payload, crc32(buf, HEADER_SIZE + payload));
	return PF_OK;
}

/* Walk the sections, checking (apply == false) or applying them. */
static int each_section(struct pf_model *m, const uint8_t *p, size_t len, bool apply)
{
	const struct pf_predictor_ops *ops = pf_model_ops(m);
	while (len > 0) {
		if (len < 8)
			return PF_ECORRUPT;
		uint32_t type = pf_get32(p), n = pf_get32(p + 4);
		if (n > len - 8)
			return PF_ECORRUPT;
		if (apply && ops->apply)
			ops->apply(pf_model_state(m), type, p + 8, n);
		else if (!apply && ops->check) {
			int err = ops->check(pf_model_state(m), type, p + 8, n);
			if (err)
				return err;
		}
		p += 8 + n;
		len -= 8 + n;
	}
	return PF_OK;
}

int pf_profile_load(struct pf_model *m, const void *in, size_t len)
{
	const uint8_t *buf = in;
	if (len > PF_PROFILE_MAX)
		return PF_ETOOBIG;
	if (len < 4 || memcmp(buf, MAGIC, 4) != 0)
		return len < 4 ? PF_ETRUNC : PF_EMAGIC;
	if (len < HEADER_SIZE + CRC_SIZE)
		return PF_ETRUNC;
	if ((buf[4] | buf[5] << 8) != VERSION)
		return PF_EVERSION;
	uint32_t payload = pf_get32(buf + 12);
	if (payload > PF_PROFILE_MAX)
		return PF_ETOOBIG;
	if ((size_t)HEADER_SIZE + payload + CRC_SIZE > len)
		return PF_ETRUNC;
	if ((size_t)HEADER_SIZE + payload + CRC_SIZE < len)
		return PF_ECORRUPT; /* bytes after the checksum */
	if (crc32(buf, HEADER_SIZE + payload) != pf_get32(buf + HEADER_SIZE + payload))
		return PF_ECHECKSUM;
	if (buf[6] >= PF_KIND_COUNT || buf[7] != 0)
		return PF_ECORRUPT;
	if (pf_get32(buf + 8) != pf_model_params(m)->pages)
		return PF_EMISMATCH;
	int err = each_section(m, buf + HEADER_SIZE, payload, false);
	if (err)
		return err;
	return each_section(m, buf + HEADER_SIZE, payload, true);
}

const char *pf_strerror(int err)
{
	switch (err) {
	case PF_OK:
		return "no error";
	case PF_EINVAL:
		return "invalid parameters";
	case PF_ENOMEM:
		return "out of memory";
	case PF_ETRUNC:
		return "profile is truncated";
	case PF_EMAGIC:
		return "not a prefetch profile (bad magic)";
	case PF_EVERSION:
		return "profile version not supported";
	case PF_ECHECKSUM:
		return "profile checksum mismatch (damaged)";
	case PF_EMISMATCH:
		return "profile is for a mapping of another size";
	case PF_ETOOBIG:
		return "profile is larger than the limit";
	case PF_ECORRUPT:
		return "profile content is corrupt";
	case PF_ENOSPACE:
		return "buffer too small for the profile";
	}
	return "unknown error";
}
