// Package query is the reusable CREST (ForgeRock Common REST) toolkit of the
// tenant's managed-object resources (/openidm/managed/svcacct, alpha_user, ...):
// query filters, paging, field selection, PATCH operations, request bodies and
// revision preconditions. Every error it returns for bad input is a
// *crest.Error (a CREST 400/412/413 body), so handlers can return it as is.
//
// # Queries
//
// ParseRequest reads the URL parameters of a query:
//
//	_queryFilter              the filter (required; _queryId=query-all means true)
//	_pageSize                 rows per page; 0 or absent: every row
//	_pagedResultsCookie       the cookie of the previous page
//	_pagedResultsOffset       rows to skip
//	_sortKeys                 "name", "-name", "name,-description" (+ is ascending)
//	_fields                   "name,scopes"; "*" or absent: every field
//	_totalPagedResultsPolicy  NONE (default), EXACT or ESTIMATE (both counted exactly)
//
// ParseFilter parses a _queryFilter: true, false, eq, sw, co, gt, ge, lt, le,
// pr, and, or, ! (or not), parentheses; values are JSON strings (double or
// single quoted), numbers, true, false; fields are "name" or "/name".
// Keywords are case-insensitive.
//
// Matching: eq (and gt, ge, lt, le) compare exactly, case-sensitively; sw and
// co ignore case (Unicode lower-casing, via the SQL function FoldFunction this
// package registers with modernc.org/sqlite). On a StringArray field a term
// holds when it holds for any element (scopes eq "fr:am:*"). On a nullable
// field a comparison with NULL is false, so !(description eq "x") includes rows
// without a description.
//
// A Schema maps CREST fields to columns of one table; field names not in it are
// refused with 400. A Field's Column may be any trusted SQL expression (for
// example json_extract(object, '$.mail')); Nullable makes comparisons
// null-safe; Folded names a column the writer keeps equal to Fold(value), so
// sw becomes an index range and co a plain substring test (no per-row fold);
// Trigrams adds a trigram index (TrigramIndex) through which a co term whose
// needle has at least three characters reads only candidate rows, when its
// rarest trigram names few of them (every candidate is still tested with the
// exact term, so answers never depend on the path); Quadgrams adds a
// four-character index of the same shape, used instead for needles of four
// characters or more. Schema.Where turns a filter into SQL text holding only the
// schema's trusted column names and "?" placeholders, with every value in args.
// Schema.Run executes a whole Request:
//
//	var out []any
//	page, err := schema.Run(ctx, db, req, []string{"id", "name"}, func(scan func(...any) error) error {
//		var id, name string
//		if err := scan(&id, &name); err != nil {
//			return err
//		}
//		out = append(out, query.Project(map[string]any{"_id": id, "name": name}, req.Fields))
//		return nil
//	})
//	crest.WriteJSON(w, 200, query.NewEnvelope(out, page))
//
// Schema.PageSQL returns the statement Run would send, for EXPLAIN QUERY PLAN
// checks in tests.
//
// Paging is keyset-based: the rows come in the order of the sort keys plus the
// schema's Key column as tie-breaker (default order: Key ascending), and the
// opaque cookie holds the last row's sort values, so the next page is a range
// read that costs the same on page 1 and page 1,000 (given an index on the sort
// columns). A cookie is bound to its sort order; reusing it with another
// _sortKeys is a 400. pagedResultsCookie is null on the last page.
// _pagedResultsOffset skips rows after the cookie's position (or from the
// start) and costs what it skips. remainingPagedResults is always -1.
//
// # Reads and writes
//
// ReadBody reads a body bounded by http.MaxBytesReader (413 when over);
// DecodeObject / DecodeJSON decode it with numbers as json.Number (400 on
// malformed JSON, never echoing decoder text). Project applies _fields to an
// object (keeping _id and _rev).
//
// ParsePatch reads a PATCH body ([{"operation":"replace","field":"/x","value":..}]);
// ApplyPatch applies it to a decoded object: replace, add (appends on arrays
// and with "/field/-"), remove (of the field, or of equal array elements).
// Only top-level fields; fields starting with "_" are refused. Validate the
// result as a full replace and store it in the same transaction that read it.
//
// ETag renders a revision as "<rev>". ReadPreconditions reads If-Match /
// If-None-Match (quotes optional, "*" understood); CheckWrite answers 412 for a
// stale If-Match, If-Match on a missing resource or If-None-Match: * on an
// existing one; NotModified tells a read it may answer 304.
package query
