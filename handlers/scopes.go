package handlers

import (
	"slices"

	"github.com/pingclone/aic-console/tenantapi"
	"github.com/pingclone/aic-console/views/model"
)

// catalogue is the tenant's scope catalogue with lookups.
type catalogue struct {
	entries []tenantapi.CatalogueScope
	purpose map[string]string
}

func newCatalogue(entries []tenantapi.CatalogueScope) catalogue {
	c := catalogue{entries: entries, purpose: map[string]string{}}
	for _, e := range entries {
		c.purpose[e.Scope] = e.Description
		for _, ch := range e.ChildScopes {
			c.purpose[ch.Scope] = ch.Description
		}
	}
	return c
}

// offers reports whether the tenant offers scope (restricted scopes never are).
func (c catalogue) offers(scope string) bool { _, ok := c.purpose[scope]; return ok }

// otherGroup heads scopes the tenant sent without a group.
const otherGroup = "Other scopes"

// groups arranges the catalogue under its headings, in the tenant's order,
// with the selected scopes checked.
func (c catalogue) groups(selected []string) []model.ScopeGroup {
	var out []model.ScopeGroup
	index := map[string]int{}
	for _, e := range c.entries {
		heading := e.Group
		if heading == "" {
			heading = otherGroup
		}
		i, ok := index[heading]
		if !ok {
			i = len(out)
			index[heading] = i
			out = append(out, model.ScopeGroup{Heading: heading})
		}
		opt := model.ScopeOption{Name: e.Scope, Purpose: e.Description, Checked: slices.Contains(selected, e.Scope)}
		for _, ch := range e.ChildScopes {
			opt.Children = append(opt.Children, model.ScopeOption{Name: ch.Scope, Purpose: ch.Description, Checked: slices.Contains(selected, ch.Scope)})
		}
		out[i].Scopes = append(out[i].Scopes, opt)
	}
	return out
}

// options describes the named scopes (for the removal warning).
func (c catalogue) options(names []string) []model.ScopeOption {
	out := make([]model.ScopeOption, 0, len(names))
	for _, n := range names {
		out = append(out, model.ScopeOption{Name: n, Purpose: c.purpose[n]})
	}
	return out
}
