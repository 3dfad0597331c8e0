/*
 * parse.c - splitting a command line into a pipeline.
 *
 * Words are separated by blanks; double quotes group words (and lose their
 * quotes). Outside quotes, `|` `<` `>` `>>` and `&` are operators, with or
 * without blanks around them:
 *
 *	pipeline := stage ( "|" stage )* [ "&" ]
 *	stage    := ( word | "<" word | ">" word | ">>" word )+
 *
 * The words are written back into the line itself, so they need no memory
 * of their own.
 */
#include <stdio.h>
#include <string.h>
#include "parse.h"

enum token { T_WORD, T_PIPE, T_IN, T_OUT, T_APPEND, T_AMP, T_END };

static const char *const token_text[] = {"word", "|", "<", ">", ">>", "&", "end of line"};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The operator at s, and its length in *len: or T_WORD if none. */
static enum token operator_at(const char *s, int *len)
{
	*len = 1;
	switch (*s) {
	case '|':
		return T_PIPE;
	case '<':
		return T_IN;
	case '&':
		return T_AMP;
	case '>':
		if (s[1] == '>') {
			*len = 2;
			return T_APPEND;
		}
		return T_OUT;
	}
	return T_WORD;
}

struct lexer {
	char *s;	     /* what is left of the line */
	enum token pending;  /* an operator met at a word's end, for the next call */
};

/* The next token; a word's text in *word. -1 for an open quote. */
static int next_token(struct lexer *lx, enum token *tok, char **word)
{
	int len;
	if (lx->pending != T_END) {
		*tok = lx->pending;
		lx->pending = T_END;
		return 0;
	}
	while (is_blank(*lx->s))
		lx->s++;
	if (!*lx->s) {
		*tok = T_END;
		return 0;
	}
	if ((*tok = operator_at(lx->s, &len)) != T_WORD) {
		lx->s += len;
		return 0;
	}
	char *out = lx->s, *s = lx->s;
	int quoted = 0;
	*word = out;
	while (*s && (quoted || (!is_blank(*s) && operator_at(s, &len) == T_WORD))) {
		if (*s == '"')
			quoted = !quoted;
		else
			*out++ = *s;
		s++;
	}
	if (quoted)
		return -1;
	/* Take what ends the word before its NUL overwrites it. */
	if (*s && !is_blank(*s)) {
		lx->pending = operator_at(s, &len);
		s += len;
	} else if (*s) {
		s++;
	}
	*out = '\0';
	lx->s = s;
	return 0;
}

static int syntax_error(enum token near)
{
	printf("shell: syntax error near %s\n", token_text[near]);
	return -1;
}

int parse_line(char *line, struct pipeline *p)
{
	struct lexer lx = {line, T_END};
	memset(p, 0, sizeof(*p));
	struct stage *st = &p->stage[0];
	for (;;) {
		enum token tok;
		char *word = NULL;
		if (next_token(&lx, &tok, &word) < 0) {
			printf("shell: unmatched quote\n");
			return -1;
		}
		if (p->background && tok != T_END)
			return syntax_error(T_AMP); /* & ends a line */
		switch (tok) {
		case T_WORD:
			if (st->argc == MAX_WORDS) {
				printf("shell: more than %d words in a command\n", MAX_WORDS);
				return -1;
			}
			st->argv[st->argc++] = word;
			break;
		case T_IN:
		case T_OUT:
		case T_APPEND: {
			enum token file;
			if (next_token(&lx, &file, &word) < 0 || file != T_WORD) {
				printf("shell: a file name must follow %s\n", token_text[tok]);
				return -1;
			}
			if (tok == T_IN)
				st->in = word;
			else
				st->out = word, st->append = tok == T_APPEND;
			break;
		}
		case T_AMP:
			if (st->argc == 0)
				return syntax_error(tok);
			p->background = 1; /* and the line must end here */
			break;
		case T_PIPE:
			if (st->argc == 0)
				return syntax_error(tok);
			if (++p->n == MAX_STAGES) {
				printf("shell: more than %d commands in a pipeline\n", MAX_STAGES);
				return -1;
			}
			st = &p->stage[p->n];
			break;
		case T_END:
			if (st->argc == 0 && (p->n > 0 || st->in || st->out))
				return syntax_error(tok);
			if (st->argc)
				p->n++;
			return 0;
		}
	}
}
