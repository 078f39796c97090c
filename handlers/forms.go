package handlers

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pingclone/aic-console/views/model"
)

// Limits of the service account fields (the tenant checks them too).
const (
	MaxNameLength        = 255
	MaxDescriptionLength = 1000
)

// accountForm reads the create/edit form. Values are kept exactly as entered
// (only the name is trimmed), so a page in error shows them again.
func accountForm(v url.Values) model.AccountForm {
	f := model.AccountForm{
		Name:         strings.TrimSpace(v.Get(model.FieldName)),
		Description:  strings.TrimSpace(v.Get(model.FieldDescription)),
		Active:       !strings.EqualFold(v.Get(model.FieldStatus), "inactive"),
		Scopes:       uniqueNonEmpty(v[model.FieldScopes]),
		Rev:          v.Get(model.FieldRev),
		LoadedScopes: uniqueNonEmpty(v[model.FieldLoadedScopes]),
		Errors:       map[string]string{},
	}
	return f
}

// validate checks f against the rules and the tenant's catalogue, writing
// one message per field in error.
func validate(f *model.AccountForm, v url.Values, cat catalogue, withStatus bool) {
	switch {
	case f.Name == "":
		f.Errors[model.FieldName] = "Name is required."
	case utf8.RuneCountInString(f.Name) > MaxNameLength:
		f.Errors[model.FieldName] = "Name must be 255 characters or fewer."
	case !utf8.ValidString(f.Name) || strings.ContainsFunc(f.Name, isControl):
		f.Errors[model.FieldName] = "Name can't contain control characters."
	}
	if utf8.RuneCountInString(f.Description) > MaxDescriptionLength {
		f.Errors[model.FieldDescription] = "Description must be 1000 characters or fewer."
	} else if !utf8.ValidString(f.Description) {
		f.Errors[model.FieldDescription] = "Description contains characters that can't be stored."
	}
	if withStatus {
		s := strings.ToLower(v.Get(model.FieldStatus))
		if s != "active" && s != "inactive" {
			f.Errors[model.FieldStatus] = "Choose Active or Inactive."
		}
	}
	if len(f.Scopes) == 0 {
		f.Errors[model.FieldScopes] = "Select at least one scope."
		return
	}
	var refused []string
	for _, s := range f.Scopes {
		if !cat.offers(s) {
			refused = append(refused, s)
		}
	}
	if len(refused) > 0 {
		f.Errors[model.FieldScopes] = "These scopes can't be granted to a service account: " + strings.Join(refused, ", ") + "."
		// Keep only what the picker can show checked.
		f.Scopes = slices.DeleteFunc(f.Scopes, func(s string) bool { return !cat.offers(s) })
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func uniqueNonEmpty(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// removedScopes are the scopes in before and not in after, in before's order.
func removedScopes(before, after []string) []string {
	var out []string
	for _, s := range before {
		if !slices.Contains(after, s) {
			out = append(out, s)
		}
	}
	return out
}

// descriptionValue is the description as the tenant stores it: null when empty.
func descriptionValue(d string) *string {
	if d == "" {
		return nil
	}
	return &d
}

func statusOf(active bool) string {
	if active {
		return "active"
	}
	return "inactive"
}
