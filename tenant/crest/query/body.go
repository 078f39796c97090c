package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/pingclone/aic-console/tenant/crest"
)

// ReadBody reads a request body, answering 413 when it is larger than the
// limit an http.MaxBytesReader put on it.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, crest.NewError(http.StatusRequestEntityTooLarge,
				fmt.Sprintf("The request body is larger than %d bytes", tooBig.Limit))
		}
		return nil, crest.BadRequest("The request body could not be read")
	}
	return b, nil
}

// DecodeJSON decodes exactly one JSON value from b, numbers as json.Number.
// Malformed JSON is a CREST 400 that never carries the decoder's text.
func DecodeJSON(b []byte) (any, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, crest.BadRequest("The request body is empty; a JSON body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, crest.BadRequest("The request body is not valid JSON: unexpected data after the JSON value")
	}
	return v, nil
}

// DecodeObject is DecodeJSON for a body that must be a JSON object.
func DecodeObject(b []byte) (map[string]any, error) {
	v, err := DecodeJSON(b)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, crest.BadRequest("The request body must be a JSON object")
	}
	return obj, nil
}

func malformed(err error) *crest.Error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return crest.BadRequest(fmt.Sprintf("The request body is not valid JSON (at byte %d)", syn.Offset))
	}
	return crest.BadRequest("The request body is not valid JSON")
}
