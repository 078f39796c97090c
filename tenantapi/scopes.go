package tenantapi

import (
	"context"
	"net/http"
)

// CatalogueScope is one entry of GET /environment/scopes/service-accounts.
type CatalogueScope struct {
	Scope       string           `json:"scope"`
	Description string           `json:"description"`
	Group       string           `json:"group,omitempty"`
	ChildScopes []CatalogueScope `json:"childScopes,omitempty"`
}

// ScopeCatalogue reads the scopes a service account may be given.
func (c *Client) ScopeCatalogue(ctx context.Context, token string) ([]CatalogueScope, error) {
	r, err := c.do(ctx, call{method: http.MethodGet, path: "/environment/scopes/service-accounts", token: token})
	if err != nil {
		return nil, err
	}
	var out []CatalogueScope
	return out, r.decode("read scope catalogue", &out)
}
