package svcacct

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name length bounds, in characters (runes).
const (
	MaxNameLength        = 255
	MaxDescriptionLength = 1000
)

func validateName(v any) (string, error) {
	s, ok := v.(string)
	if v == nil {
		return "", fieldError("name", "A name is required")
	}
	if !ok {
		return "", fieldError("name", "The name must be a string")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fieldError("name", "A name is required")
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLength {
		return "", fieldError("name", fmt.Sprintf("The name must be at most %d characters (it has %d)", MaxNameLength, n))
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return "", fieldError("name", "The name must not contain control characters")
	}
	return s, nil
}

func validateDescription(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fieldError("description", "The description must be a string or null")
	}
	if n := utf8.RuneCountInString(s); n > MaxDescriptionLength {
		return nil, fieldError("description", fmt.Sprintf("The description must be at most %d characters (it has %d)", MaxDescriptionLength, n))
	}
	return &s, nil
}
