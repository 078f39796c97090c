package tenant

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// esvSecretEncodings are the encodings a secret's value may have.
var esvSecretEncodings = []string{"generic", "pem", "base64hmac", "base64aes"}

// secretJSON is an ESV secret as the API shows it: never its value.
type secretJSON struct {
	ID                string `json:"_id"`
	Description       string `json:"description"`
	Encoding          string `json:"encoding"`
	UseInPlaceholders bool   `json:"useInPlaceholders"`
	Loaded            bool   `json:"loaded"`
	LastChangedBy     string `json:"lastChangedBy"`
	LastChangeDate    string `json:"lastChangeDate"`
	ActiveVersion     string `json:"activeVersion"`
}

func toSecretJSON(s store.ESVSecret, lastLoad time.Time) secretJSON {
	return secretJSON{
		ID: s.ID, Description: s.Description, Encoding: s.Encoding, UseInPlaceholders: s.UseInPlaceholders,
		Loaded: s.LastChangeDate.Before(lastLoad), LastChangedBy: s.LastChangedBy,
		LastChangeDate: rfc3339(s.LastChangeDate), ActiveVersion: strconv.Itoa(s.ActiveVersion),
	}
}

type secretInput struct {
	ValueBase64       *string `json:"valueBase64"`
	Description       *string `json:"description"`
	Encoding          *string `json:"encoding"`
	UseInPlaceholders *bool   `json:"useInPlaceholders"`
}

// putSecret serves PUT /environment/secrets/{id}. A new secret gets version 1;
// for an existing one the value becomes a new active version (its encoding
// cannot change, its description changes when given).
func (t *Tenant) putSecret(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := validESVID(id); err != nil {
		return err
	}
	var in secretInput
	if err := readResourceJSON(r, &in); err != nil {
		return err
	}
	value, err := decodeBase64Value(in.ValueBase64)
	if err != nil {
		return err
	}
	if len(value) == 0 {
		return crest.FieldError("valueBase64", "A secret's value may not be empty")
	}
	encoding := "generic"
	if in.Encoding != nil {
		encoding = *in.Encoding
	}
	if !slices.Contains(esvSecretEncodings, encoding) {
		return crest.FieldError("encoding", "encoding must be one of "+strings.Join(esvSecretEncodings, ", "))
	}
	if encoding == "pem" && !strings.Contains(string(value), "-----BEGIN ") {
		return crest.FieldError("valueBase64", "A pem secret's value must hold a PEM block")
	}
	if in.Description != nil {
		if err := validESVDescription(*in.Description); err != nil {
			return err
		}
	}
	ctx, by, now := r.Context(), actor(r), t.now()
	old, err := t.store.GetESVSecret(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s := store.ESVSecret{ID: id, Encoding: encoding, UseInPlaceholders: true, ActiveVersion: 1, LastChangedBy: by, LastChangeDate: now}
		if in.Description != nil {
			s.Description = *in.Description
		}
		if in.UseInPlaceholders != nil {
			s.UseInPlaceholders = *in.UseInPlaceholders
		}
		if err := t.store.CreateESVSecret(ctx, s, *in.ValueBase64); errors.Is(err, store.ErrExists) {
			return crest.Conflict("The secret " + id + " was created at the same time by another request")
		} else if err != nil {
			return err
		}
		return t.esvSecrets().write(w, r, http.StatusCreated, s)
	case err != nil:
		return err
	}
	if in.Encoding != nil && encoding != old.Encoding {
		return crest.FieldError("encoding", "The encoding of an existing secret cannot be changed")
	}
	if in.UseInPlaceholders != nil && *in.UseInPlaceholders != old.UseInPlaceholders {
		return crest.FieldError("useInPlaceholders", "useInPlaceholders of an existing secret cannot be changed")
	}
	if _, err := t.store.AddESVSecretVersion(ctx, id, *in.ValueBase64, by, now); err != nil {
		return err
	}
	if in.Description != nil {
		if err := t.store.SetESVSecretDescription(ctx, id, *in.Description, by, now); err != nil {
			return err
		}
	}
	s, err := t.esvSecrets().find(r)
	if err != nil {
		return err
	}
	return t.esvSecrets().write(w, r, http.StatusOK, s)
}

type secretVersionJSON struct {
	Version    string `json:"version"`
	Status     string `json:"status"`
	Loaded     bool   `json:"loaded"`
	CreateDate string `json:"createDate"`
}

// listSecretVersions serves GET /environment/secrets/{id}/versions: versions
// without values, newest first.
func (t *Tenant) listSecretVersions(w http.ResponseWriter, r *http.Request) error {
	s, err := t.esvSecrets().find(r)
	if err != nil {
		return err
	}
	versions, err := t.store.ListESVSecretVersions(r.Context(), s.ID)
	if err != nil {
		return err
	}
	lastLoad, err := t.store.LastLoad(r.Context(), t.now())
	if err != nil {
		return err
	}
	out := make([]secretVersionJSON, len(versions))
	for i, v := range versions {
		out[i] = secretVersionJSON{Version: strconv.Itoa(v.Version), Status: v.Status,
			Loaded: v.CreateDate.Before(lastLoad), CreateDate: rfc3339(v.CreateDate)}
	}
	crest.WriteJSON(w, http.StatusOK, out)
	return nil
}

type secretVersionInput struct {
	ValueBase64 *string `json:"valueBase64"`
}

// createSecretVersion serves POST /environment/secrets/{id}/versions?_action=create.
func (t *Tenant) createSecretVersion(w http.ResponseWriter, r *http.Request) error {
	if a := r.URL.Query().Get("_action"); a != "create" {
		return crest.BadRequest("Unsupported _action: " + strconv.Quote(a) + "; this resource supports create")
	}
	s, err := t.esvSecrets().find(r)
	if err != nil {
		return err
	}
	var in secretVersionInput
	if err := readResourceJSON(r, &in); err != nil {
		return err
	}
	value, err := decodeBase64Value(in.ValueBase64)
	if err != nil {
		return err
	}
	if len(value) == 0 {
		return crest.FieldError("valueBase64", "A secret's value may not be empty")
	}
	now := t.now()
	version, err := t.store.AddESVSecretVersion(r.Context(), s.ID, *in.ValueBase64, actor(r), now)
	if errors.Is(err, store.ErrNotFound) {
		return crest.NotFound("The secret " + s.ID + " does not exist")
	}
	if err != nil {
		return err
	}
	crest.WriteJSON(w, http.StatusCreated, secretVersionJSON{Version: strconv.Itoa(version), Status: "ENABLED", CreateDate: rfc3339(now)})
	return nil
}
