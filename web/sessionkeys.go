package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SessionKeysEnv names the environment variable that may hold the session
// keys: hex hash key (64 bytes) and hex block key (32 bytes), separated by a
// colon. Without it the keys are generated once and kept in the data folder.
const SessionKeysEnv = "CONSOLE_SESSION_KEYS"

// sessionKeysFile is kept in the data folder with mode 0600.
const sessionKeysFile = "console-session.keys"

// loadSessionKeys returns the cookie hash and block keys: from the
// environment, else from the data folder, else newly generated and saved
// there, so that sessions survive a restart and no key is ever hard-coded.
func loadSessionKeys(dataDir string) (hashKey, blockKey []byte, err error) {
	if v := strings.TrimSpace(os.Getenv(SessionKeysEnv)); v != "" {
		h, b, err := parseSessionKeys(v)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", SessionKeysEnv, err)
		}
		return h, b, nil
	}
	if dataDir == "" {
		return nil, nil, errors.New("session keys: no data folder and no " + SessionKeysEnv)
	}
	path := filepath.Join(dataDir, sessionKeysFile)
	raw, err := os.ReadFile(path)
	if err == nil {
		h, b, err := parseSessionKeys(strings.TrimSpace(string(raw)))
		if err != nil {
			return nil, nil, fmt.Errorf("session keys in %s: %w", path, err)
		}
		return h, b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("read session keys: %w", err)
	}
	h, b := make([]byte, 64), make([]byte, 32)
	if _, err := rand.Read(h); err != nil {
		return nil, nil, fmt.Errorf("generate session keys: %w", err)
	}
	if _, err := rand.Read(b); err != nil {
		return nil, nil, fmt.Errorf("generate session keys: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create data folder: %w", err)
	}
	// O_EXCL: if another process wrote the file meanwhile, use its keys.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return loadSessionKeys(dataDir)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("save session keys: %w", err)
	}
	_, werr := f.WriteString(hex.EncodeToString(h) + ":" + hex.EncodeToString(b) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, nil, fmt.Errorf("save session keys: %w", werr)
	}
	return h, b, nil
}

func parseSessionKeys(v string) (hashKey, blockKey []byte, err error) {
	hs, bs, ok := strings.Cut(v, ":")
	if !ok {
		return nil, nil, errors.New("want HASHKEY:BLOCKKEY in hex")
	}
	h, err := hex.DecodeString(hs)
	if err != nil || len(h) < 32 {
		return nil, nil, errors.New("hash key must be at least 32 bytes in hex")
	}
	b, err := hex.DecodeString(bs)
	if err != nil || (len(b) != 16 && len(b) != 24 && len(b) != 32) {
		return nil, nil, errors.New("block key must be 16, 24 or 32 bytes in hex")
	}
	return h, b, nil
}
