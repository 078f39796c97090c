package query

// Envelope is the CREST query answer.
type Envelope struct {
	Result                  []any       `json:"result"`
	ResultCount             int         `json:"resultCount"`
	PagedResultsCookie      *string     `json:"pagedResultsCookie"`
	TotalPagedResultsPolicy TotalPolicy `json:"totalPagedResultsPolicy"`
	TotalPagedResults       int         `json:"totalPagedResults"`
	RemainingPagedResults   int         `json:"remainingPagedResults"`
}

// NewEnvelope wraps a page's results (never null: an empty page is []).
func NewEnvelope(results []any, page Page) Envelope {
	if results == nil {
		results = []any{}
	}
	env := Envelope{
		Result:                  results,
		ResultCount:             len(results),
		TotalPagedResultsPolicy: page.Policy,
		TotalPagedResults:       page.Total,
		RemainingPagedResults:   -1,
	}
	if env.TotalPagedResultsPolicy == "" {
		env.TotalPagedResultsPolicy = TotalNone
		env.TotalPagedResults = -1
	}
	if page.Cookie != "" {
		c := page.Cookie
		env.PagedResultsCookie = &c
	}
	return env
}
