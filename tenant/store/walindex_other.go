//go:build !unix

package store

import "errors"

type walIndex struct{}

type walIndexHeader [12]uint32

func mapWALIndex(string) (*walIndex, error) {
	return nil, errors.New("WAL-index mapping needs a unix system")
}

func (*walIndex) header() (walIndexHeader, bool) { return walIndexHeader{}, false }
