package query

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pingclone/aic-console/tenant/crest"
)

// Parser limits: a filter is a request parameter, so its size and nesting are
// bounded to keep parsing and the SQL it becomes small.
const (
	maxFilterLength = 8 << 10
	maxFilterDepth  = 32
	maxFilterTerms  = 200
)

// ParseFilter parses a CREST _queryFilter expression:
//
//	filter     := orExpr
//	orExpr     := andExpr ("or" andExpr)*
//	andExpr    := notExpr ("and" notExpr)*
//	notExpr    := ("!" | "not") notExpr | primary
//	primary    := "(" filter ")" | "true" | "false" | field "pr" | field op value
//	op         := eq | sw | co | gt | ge | lt | le
//	value      := JSON string (double or single quoted) | JSON number | true | false
//	field      := name or JSON pointer, e.g. name or /name
//
// Keywords and operators are case-insensitive. A bad filter is a CREST 400
// whose detail names the _queryFilter parameter and the position.
func ParseFilter(s string) (Filter, error) {
	if len(s) > maxFilterLength {
		return nil, filterError(s, 0, fmt.Sprintf("the filter is longer than %d characters", maxFilterLength))
	}
	if !utf8.ValidString(s) {
		return nil, filterError(s, 0, "the filter is not valid UTF-8")
	}
	p := &parser{src: s}
	f, err := p.or(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, p.fail("unexpected %q", p.peekWord())
	}
	return f, nil
}

type parser struct {
	src   string
	pos   int
	terms int
}

func filterError(src string, pos int, msg string) *crest.Error {
	return crest.BadRequest(fmt.Sprintf("Invalid query filter '%s': %s at position %d", src, msg, pos)).
		WithDetail("field", "_queryFilter").WithDetail("position", pos)
}

func (p *parser) fail(format string, args ...any) *crest.Error {
	return filterError(p.src, p.pos, fmt.Sprintf(format, args...))
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

// peekWord returns the next bare word or single punctuation character.
func (p *parser) peekWord() string {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return ""
	}
	switch c := p.src[p.pos]; c {
	case '(', ')', '!', '"', '\'':
		return string(c)
	}
	end := p.pos
	for end < len(p.src) && !strings.ContainsRune(" \t\r\n()\"'", rune(p.src[end])) {
		end++
	}
	return p.src[p.pos:end]
}

func (p *parser) acceptKeyword(kw string) bool {
	w := p.peekWord()
	if strings.EqualFold(w, kw) {
		p.pos += len(w)
		return true
	}
	return false
}

func (p *parser) or(depth int) (Filter, error) {
	first, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	operands := []Filter{first}
	for p.acceptKeyword("or") {
		next, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		operands = append(operands, next)
	}
	if len(operands) == 1 {
		return first, nil
	}
	return Or{Operands: operands}, nil
}

func (p *parser) and(depth int) (Filter, error) {
	first, err := p.not(depth)
	if err != nil {
		return nil, err
	}
	operands := []Filter{first}
	for p.acceptKeyword("and") {
		next, err := p.not(depth)
		if err != nil {
			return nil, err
		}
		operands = append(operands, next)
	}
	if len(operands) == 1 {
		return first, nil
	}
	return And{Operands: operands}, nil
}

func (p *parser) not(depth int) (Filter, error) {
	if depth > maxFilterDepth {
		return nil, p.fail("the filter nests deeper than %d levels", maxFilterDepth)
	}
	if w := p.peekWord(); w == "!" || strings.EqualFold(w, "not") {
		p.pos += len(w)
		operand, err := p.not(depth + 1)
		if err != nil {
			return nil, err
		}
		return Not{Operand: operand}, nil
	}
	return p.primary(depth)
}

func (p *parser) primary(depth int) (Filter, error) {
	w := p.peekWord()
	switch {
	case w == "":
		return nil, p.fail("unexpected end of filter, expected a term")
	case w == "(":
		p.pos++
		inner, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.peekWord() != ")" {
			return nil, p.fail("expected ')'")
		}
		p.pos++
		return inner, nil
	case w == ")" || w == `"` || w == "'":
		return nil, p.fail("unexpected %q, expected a field or true/false", w)
	}
	start := p.pos
	p.pos += len(w)
	// true and false are literals unless an operator follows (a field so named).
	if strings.EqualFold(w, "true") || strings.EqualFold(w, "false") {
		if next := strings.ToLower(p.peekWord()); !isOperator(next) && next != "pr" {
			return Literal{Value: strings.EqualFold(w, "true")}, nil
		}
	}
	field, ok := normaliseField(w)
	if !ok {
		p.pos = start
		return nil, p.fail("%q is not a valid field", w)
	}
	p.terms++
	if p.terms > maxFilterTerms {
		return nil, p.fail("the filter has more than %d terms", maxFilterTerms)
	}
	opWord := p.peekWord()
	op := strings.ToLower(opWord)
	if op == "pr" {
		p.pos += len(opWord)
		return Present{Field: field}, nil
	}
	if !isOperator(op) {
		if opWord == "" {
			return nil, p.fail("unexpected end of filter, expected an operator after %q", w)
		}
		return nil, p.fail("unknown operator %q (expected eq, sw, co, gt, ge, lt, le or pr)", opWord)
	}
	p.pos += len(opWord)
	value, err := p.value()
	if err != nil {
		return nil, err
	}
	return Comparison{Field: field, Op: Operator(op), Value: value}, nil
}

func isOperator(w string) bool {
	switch Operator(w) {
	case OpEq, OpSw, OpCo, OpGt, OpGe, OpLt, OpLe:
		return true
	}
	return false
}

// value reads a JSON literal: a string, a number, true or false.
func (p *parser) value() (any, error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, p.fail("unexpected end of filter, expected a value")
	}
	switch p.src[p.pos] {
	case '"':
		return p.doubleQuoted()
	case '\'':
		return p.singleQuoted()
	}
	w := p.peekWord()
	switch strings.ToLower(w) {
	case "true", "false":
		p.pos += len(w)
		return strings.EqualFold(w, "true"), nil
	}
	var n json.Number
	if err := json.Unmarshal([]byte(w), &n); err != nil || w == "" || strings.ContainsAny(w, `"`) {
		return nil, p.fail("%q is not a valid value (use a quoted string, a number, true or false)", w)
	}
	p.pos += len(w)
	return n, nil
}

func (p *parser) doubleQuoted() (any, error) {
	start := p.pos
	i := p.pos + 1
	for i < len(p.src) {
		switch p.src[i] {
		case '\\':
			i += 2
			continue
		case '"':
			var s string
			if err := json.Unmarshal(escapeControls(p.src[start:i+1]), &s); err != nil {
				return nil, p.fail("invalid string literal")
			}
			p.pos = i + 1
			return s, nil
		}
		i++
	}
	return nil, p.fail("unterminated string literal")
}

// escapeControls lets a double-quoted literal hold raw control characters
// (a tab typed into a search box), which JSON itself would refuse.
func escapeControls(lit string) []byte {
	var b []byte
	for i := 0; i < len(lit); i++ {
		if c := lit[i]; c < 0x20 {
			b = fmt.Appendf(b, `\u%04x`, c)
		} else {
			b = append(b, c)
		}
	}
	return b
}

// singleQuoted reads 'text', where \' and \\ escape a quote and a backslash.
func (p *parser) singleQuoted() (any, error) {
	var b strings.Builder
	for i := p.pos + 1; i < len(p.src); i++ {
		switch c := p.src[i]; c {
		case '\\':
			if i+1 >= len(p.src) {
				return nil, p.fail("unterminated string literal")
			}
			i++
			b.WriteByte(p.src[i])
		case '\'':
			p.pos = i + 1
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return nil, p.fail("unterminated string literal")
}

// normaliseField turns "name" or "/name" into "name"; nested pointers keep
// their inner slashes ("/a/b" → "a/b") and are resolved (or refused) by the
// schema.
func normaliseField(w string) (string, bool) {
	f := strings.TrimPrefix(w, "/")
	if f == "" || strings.HasSuffix(f, "/") || strings.Contains(f, "//") {
		return "", false
	}
	for _, r := range f {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	return f, true
}

// NormaliseField is normaliseField for callers such as _fields and _sortKeys.
func NormaliseField(w string) (string, bool) { return normaliseField(strings.TrimSpace(w)) }
