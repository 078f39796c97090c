package auth

import (
	"crypto"
	"encoding/base64"
)

const cryptoSHA256 = crypto.SHA256

func base64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
