package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// jsonSessionSerializer encodes session values as JSON instead of gob: a gob
// decoder is built for every cookie read, which made decoding the session the
// largest cost of a console page. Values are strings, int64s and the flash
// list; numbers come back as int64.
type jsonSessionSerializer struct{}

func (jsonSessionSerializer) Serialize(src interface{}) ([]byte, error) {
	m, ok := src.(map[interface{}]interface{})
	if !ok {
		return nil, errors.New("session serializer: values are not a map")
	}
	out := make(map[string]interface{}, len(m))
	for k, v := range m {
		ks, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("session serializer: key %v is not a string", k)
		}
		out[ks] = v
	}
	return json.Marshal(out)
}

func (jsonSessionSerializer) Deserialize(src []byte, dst interface{}) error {
	m, ok := dst.(*map[interface{}]interface{})
	if !ok {
		return errors.New("session serializer: destination is not a map")
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var in map[string]interface{}
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("session serializer: %w", err)
	}
	for k, v := range in {
		(*m)[k] = plain(v)
	}
	return nil
}

// plain turns JSON numbers into int64 and lists into []interface{}.
func plain(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case []interface{}:
		for i := range x {
			x[i] = plain(x[i])
		}
		return x
	}
	return v
}
