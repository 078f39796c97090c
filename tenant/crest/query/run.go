package query

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Querier is a *sql.DB, *sql.Tx or *sql.Conn.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Page is what a query answered besides its rows.
type Page struct {
	ResultCount int
	// Cookie fetches the next page; "" when this page is the last.
	Cookie string
	Policy TotalPolicy
	// Total is the number of matching rows, or -1 when not counted.
	Total int
}

// orderTerm is one ORDER BY expression with its direction and value type.
type orderTerm struct {
	expr string
	desc bool
	typ  Type
}

// Run answers req from the schema's table. It selects columns (trusted SQL
// column names) for every row of the requested page, in order, and calls
// scanRow once per row with a scan function that reads those columns into
// dest (as (*sql.Rows).Scan does). The next page's cookie is made from the
// last row's values, read from its dest after the last scanRow: scanRow must
// leave the values it scanned as they are until Run returns. Paging is keyset-based: the cookie holds
// the last row's sort values, so every page is an index range read.
func (s *Schema) Run(ctx context.Context, db Querier, req Request, columns []string, scanRow func(scan func(dest ...any) error) error) (Page, error) {
	p, err := s.plan(req, columns)
	if err != nil {
		return Page{}, err
	}
	return p.run(ctx, db, req, scanRow)
}

// PageSQL is the statement Run sends for one page when it reads in sort
// order, with its arguments (for EXPLAIN QUERY PLAN checks in tests).
func (s *Schema) PageSQL(req Request, columns []string) (string, []any, error) {
	p, err := s.plan(req, columns)
	if err != nil {
		return "", nil, err
	}
	return p.scan.pageSQL, p.scan.pageArgs, nil
}

// IndexedPageSQL is the statement Run sends for one page when it reads
// through a trigram index (Field.Trigrams); ok is false when the request has
// no term such an index answers.
func (s *Schema) IndexedPageSQL(req Request, columns []string) (sql string, args []any, ok bool, err error) {
	p, err := s.plan(req, columns)
	if err != nil || p.indexed == nil {
		return "", nil, false, err
	}
	tris := p.probe.trigrams
	st := p.indexed.with(tris[0], tris[min(1, len(tris)-1)])
	return st.pageSQL, st.pageArgs, true, nil
}

// queryPlan is a request turned into SQL.
type queryPlan struct {
	schema   *Schema
	order    []orderTerm
	sortSpec string
	// reuse[i] is the index in the selected columns of order term i when the
	// term is one of them (its value is then taken from the caller's scan),
	// or -1 when the statement selects the term as an extra column.
	reuse []int
	// The statements reading the table in sort order (scan) and, when the
	// filter has a term a trigram index answers, through the index's
	// candidates (indexed; its first argument is the MATCH phrase).
	scan, indexed *statements
	probe         *trigramProbe
}

// statements are the page and count statements of one access path.
type statements struct {
	pageSQL, countSQL   string
	pageArgs, countArgs []any
}

func (s *Schema) plan(req Request, columns []string) (*queryPlan, error) {
	filter := req.Filter
	if filter == nil {
		filter = Literal{Value: true}
	}
	where, args, err := s.Where(filter)
	if err != nil {
		return nil, err
	}
	order, sortSpec, err := s.order(req.SortKeys)
	if err != nil {
		return nil, err
	}
	pageWhere, pageArgs := where, append([]any(nil), args...)
	if req.Cookie != "" {
		types := make([]Type, len(order))
		for i, o := range order {
			types[i] = o.typ
		}
		after, err := decodeCookie(req.Cookie, sortSpec, types)
		if err != nil {
			return nil, err
		}
		keyset, keysetArgs := keysetPredicate(order, after)
		pageWhere = "(" + where + ") AND (" + keyset + ")"
		pageArgs = append(pageArgs, keysetArgs...)
	}
	limit := -1
	if req.PageSize > 0 {
		limit = req.PageSize + 1 // one more tells whether a next page exists
	}
	pageArgs = append(pageArgs, limit, req.Offset)

	p := &queryPlan{schema: s, order: order, sortSpec: sortSpec, reuse: make([]int, len(order))}
	var extra []string
	for i, o := range order {
		p.reuse[i] = slices.Index(columns, o.expr)
		if p.reuse[i] < 0 {
			extra = append(extra, o.expr)
		}
	}
	selected := append(append([]string(nil), columns...), extra...)
	p.scan = &statements{
		pageSQL:  s.pageSQL(selected, order, s.Table, pageWhere),
		pageArgs: pageArgs,
		countSQL: "SELECT count(*) FROM " + s.Table + " WHERE " + where, countArgs: args,
	}
	if probe, ok := s.trigramTerm(filter); ok {
		// NOT INDEXED keeps the planner from walking the sort index and
		// probing the candidate set per row: the rows are fetched by rowid
		// and sorted, which is the point when the candidates are few.
		from := s.Table + " NOT INDEXED"
		inIndex := s.RowID + " IN (" + probe.index.candidatesSQL() + ") AND "
		p.probe = &probe
		// with adds the two trigrams' arguments in front.
		p.indexed = &statements{
			pageSQL:   s.pageSQL(selected, order, from, inIndex+"("+pageWhere+")"),
			pageArgs:  pageArgs,
			countSQL:  "SELECT count(*) FROM " + from + " WHERE " + inIndex + "(" + where + ")",
			countArgs: args,
		}
	}
	return p, nil
}

// pageSQL selects columns (which include every order term) from a table.
func (s *Schema) pageSQL(columns []string, order []orderTerm, from, where string) string {
	var q strings.Builder
	q.WriteString("SELECT ")
	q.WriteString(strings.Join(columns, ", "))
	fmt.Fprintf(&q, " FROM %s WHERE %s ORDER BY ", from, where)
	for i, o := range order {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(o.expr)
		if o.desc {
			q.WriteString(" DESC")
		}
	}
	q.WriteString(" LIMIT ? OFFSET ?")
	return q.String()
}

func (p *queryPlan) run(ctx context.Context, db Querier, req Request, scanRow func(scan func(dest ...any) error) error) (Page, error) {
	s, order, sortSpec := p.schema, p.order, p.sortSpec
	st, err := p.access(ctx, db, req)
	if err != nil {
		return Page{}, err
	}
	rows, err := db.QueryContext(ctx, st.pageSQL, st.pageArgs...)
	if err != nil {
		return Page{}, fmt.Errorf("query %s: %w", s.Table, err)
	}
	defer rows.Close()
	page := Page{Policy: req.TotalPolicy, Total: -1}
	if page.Policy == "" {
		page.Policy = TotalNone
	}
	// last holds the sort values of the last row read: the extra columns
	// scan into it; the reused ones are read, once the page is complete,
	// from the caller's destinations of the last row (lastDest).
	last := make([]any, len(order))
	var extra []any
	for i, j := range p.reuse {
		if j < 0 {
			extra = append(extra, &last[i])
		}
	}
	var all, lastDest []any
	scan := func(dest ...any) error {
		all = append(append(all[:0], dest...), extra...)
		if err := rows.Scan(all...); err != nil {
			return err
		}
		lastDest = append(lastDest[:0], dest...)
		return nil
	}
	hasMore := false
	for rows.Next() {
		if req.PageSize > 0 && page.ResultCount == req.PageSize {
			hasMore = true
			break
		}
		if err := scanRow(scan); err != nil {
			return Page{}, err
		}
		page.ResultCount++
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("query %s: %w", s.Table, err)
	}
	if hasMore {
		for i, j := range p.reuse {
			if j >= 0 {
				if j >= len(lastDest) {
					return Page{}, fmt.Errorf("query %s: scanned %d columns, the sort needs column %d", s.Table, len(lastDest), j)
				}
				last[i] = scannedValue(lastDest[j])
			}
		}
		for i, v := range last {
			if b, ok := v.([]byte); ok {
				last[i] = string(b)
			}
		}
		if page.Cookie, err = encodeCookie(sortSpec, last); err != nil {
			return Page{}, err
		}
	}
	if page.Policy == TotalExact || page.Policy == TotalEstimate {
		if err := db.QueryRowContext(ctx, st.countSQL, st.countArgs...).Scan(&page.Total); err != nil {
			return Page{}, fmt.Errorf("count %s: %w", s.Table, err)
		}
	}
	return page, nil
}

// scannedValue is the value behind a Scan destination, as a cookie holds it.
func scannedValue(dest any) any {
	switch d := dest.(type) {
	case *string:
		return *d
	case *int64:
		return *d
	case *int:
		return int64(*d)
	case *float64:
		return *d
	case *any:
		if b, ok := (*d).([]byte); ok {
			return string(b)
		}
		return *d
	case driver.Valuer:
		v, err := d.Value()
		if err != nil {
			return nil
		}
		if b, ok := v.([]byte); ok {
			return string(b)
		}
		return v
	}
	v := reflect.ValueOf(dest)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return v.Elem().Interface()
	}
	return nil
}

// order resolves the sort keys, appending the key column as the tie-breaker
// (in the first key's direction, so that a one-direction sort stays a single
// index range).
func (s *Schema) order(keys []SortKey) ([]orderTerm, string, error) {
	var out []orderTerm
	var spec []string
	hasKey := false
	for _, k := range keys {
		fd, ok := s.Fields[k.Field]
		if !ok || fd.Type == StringArray {
			return nil, "", paramError("_sortKeys", fmt.Sprintf("The field '%s' cannot be used as a sort key", k.Field))
		}
		expr := fd.Column
		if fd.Nullable {
			expr = "ifnull(" + fd.Column + ", " + nullSortValue(fd.Type) + ")"
		}
		out = append(out, orderTerm{expr: expr, desc: k.Descending, typ: fd.Type})
		spec = append(spec, k.String())
		if fd.Column == s.Key {
			hasKey = true
			break // later keys cannot change an order by a unique key
		}
	}
	if !hasKey {
		desc := len(out) > 0 && out[0].desc
		out = append(out, orderTerm{expr: s.Key, desc: desc, typ: String})
	}
	return out, strings.Join(spec, ","), nil
}

func nullSortValue(t Type) string {
	if t == String {
		return "''"
	}
	return "-9e999"
}

// keysetPredicate is "after this position" in the given order.
func keysetPredicate(order []orderTerm, after []any) (string, []any) {
	sameDirection := true
	for _, o := range order {
		sameDirection = sameDirection && o.desc == order[0].desc
	}
	if sameDirection {
		exprs := make([]string, len(order))
		marks := make([]string, len(order))
		for i, o := range order {
			exprs[i], marks[i] = o.expr, "?"
		}
		op := ">"
		if order[0].desc {
			op = "<"
		}
		return "(" + strings.Join(exprs, ", ") + ") " + op + " (" + strings.Join(marks, ", ") + ")", after
	}
	// Mixed directions: (a > ?) OR (a = ? AND b < ?) OR ...
	var ors []string
	var args []any
	for i := range order {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, order[j].expr+" = ?")
			args = append(args, after[j])
		}
		op := ">"
		if order[i].desc {
			op = "<"
		}
		ands = append(ands, order[i].expr+" "+op+" ?")
		args = append(args, after[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return strings.Join(ors, " OR "), args
}
