package tenant

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/crest/query"
	"github.com/pingclone/aic-console/tenant/store"
)

// alphaUserPath is the identities' collection path (fr:idm:*).
const alphaUserPath = "/openidm/managed/alpha_user"

// alphaUserProperties are the properties an alpha_user may have; the first
// four are required. password is write-only: stored as a bcrypt hash, never
// returned.
var alphaUserProperties = map[string]bool{
	"userName": true, "givenName": true, "sn": true, "mail": true,
	"accountStatus": false, "telephoneNumber": false, "description": false, "displayName": false,
	"postalAddress": false, "city": false, "postalCode": false, "stateProvince": false, "country": false,
	"preferences": false, "password": false,
}

// alphaUserSchema makes the stored objects queryable by the CREST query package.
var alphaUserSchema = func() *query.Schema {
	s := &query.Schema{Table: store.AlphaUsersTable, Key: "id", Fields: map[string]query.Field{
		"_id":      {Column: "id"},
		"userName": {Column: "user_name"},
	}}
	for name, required := range alphaUserProperties {
		if name == "userName" || name == "password" || name == "preferences" {
			continue
		}
		s.Fields[name] = query.Field{Column: "json_extract(object, '$." + name + "')", Nullable: !required}
	}
	return s
}()

// alphaUserJSON is the object as IDM shows it.
func alphaUserJSON(u store.AlphaUser) map[string]any {
	out := make(map[string]any, len(u.Object)+2)
	for k, v := range u.Object {
		if k != "password" {
			out[k] = v
		}
	}
	out["_id"], out["_rev"] = u.ID, u.Rev
	return out
}

func writeAlphaUser(w http.ResponseWriter, status int, u store.AlphaUser, fields []string) {
	w.Header().Set("ETag", query.ETag(u.Rev))
	crest.WriteJSON(w, status, query.Project(alphaUserJSON(u), fields))
}

// validateAlphaUser checks a full object (create or replace) and returns what
// is stored: the properties without _id/_rev, the password hashed. A replace
// without password keeps the old hash (prev).
func validateAlphaUser(doc map[string]any, prev map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for k, v := range doc {
		if k == "_id" || k == "_rev" || v == nil {
			continue
		}
		if _, ok := alphaUserProperties[k]; !ok {
			return nil, crest.FieldError(k, "The property '"+k+"' is not defined in managed/alpha_user")
		}
		if k == "preferences" {
			if _, ok := v.(map[string]any); !ok {
				return nil, crest.FieldError(k, "preferences must be an object")
			}
			out[k] = v
			continue
		}
		s, ok := v.(string)
		if !ok {
			return nil, crest.FieldError(k, "The property '"+k+"' must be a string")
		}
		if len(s) > 1024 {
			return nil, crest.FieldError(k, "The property '"+k+"' is longer than 1024 characters")
		}
		out[k] = s
	}
	for name, required := range alphaUserProperties {
		if s, _ := out[name].(string); required && strings.TrimSpace(s) == "" {
			return nil, crest.FieldError(name, "The property '"+name+"' is required")
		}
	}
	if u := out["userName"].(string); len(u) > 255 || strings.ContainsAny(u, " \t\r\n/") {
		return nil, crest.FieldError("userName", "userName must be at most 255 characters without spaces or slashes")
	}
	if _, err := mail.ParseAddress(out["mail"].(string)); err != nil {
		return nil, crest.FieldError("mail", "mail must be an email address")
	}
	switch st, _ := out["accountStatus"].(string); strings.ToLower(st) {
	case "":
		out["accountStatus"] = "active"
	case "active", "inactive":
		out["accountStatus"] = strings.ToLower(st)
	default:
		return nil, crest.FieldError("accountStatus", "accountStatus must be active or inactive")
	}
	if pw, ok := out["password"].(string); ok {
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return nil, crest.FieldError("password", "The password does not meet the password policy: "+err.Error())
		}
		out["password"] = hash
	} else if h, ok := prev["password"]; ok {
		out["password"] = h
	}
	return out, nil
}

func alphaUserError(err error, id string) error {
	var ce *crest.Error
	switch {
	case errors.As(err, &ce):
		return ce
	case errors.Is(err, store.ErrNotFound):
		return crest.NotFound("Object " + id + " not found in managed/alpha_user")
	case errors.Is(err, store.ErrExists):
		return crest.Conflict("A user with this userName already exists").WithDetail("field", "userName")
	}
	return err
}

// createAlphaUser serves POST /openidm/managed/alpha_user?_action=create.
func (t *Tenant) createAlphaUser(w http.ResponseWriter, r *http.Request) error {
	if a := r.URL.Query().Get("_action"); a != "create" {
		return crest.BadRequest("The _action parameter must be create").WithDetail("field", "_action")
	}
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	doc, err := readObject(r)
	if err != nil {
		return err
	}
	id := uuid.NewString()
	if v, ok := doc["_id"]; ok {
		if id, ok = v.(string); !ok || !isCanonicalUUID(id) {
			return crest.FieldError("_id", "The _id must be a UUID or left out for the server to choose")
		}
	}
	obj, err := validateAlphaUser(doc, nil)
	if err != nil {
		return err
	}
	u := store.AlphaUser{ID: id, Rev: alphaUserRev(), Object: obj}
	if err := store.InsertAlphaUser(r.Context(), t.store.DB(), u, t.now()); err != nil {
		return alphaUserError(err, id)
	}
	w.Header().Set("Location", t.BaseURL()+alphaUserPath+"/"+id)
	writeAlphaUser(w, http.StatusCreated, u, fields)
	return nil
}

// readAlphaUser serves GET /openidm/managed/alpha_user/{id}.
func (t *Tenant) readAlphaUser(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	u, err := t.store.GetAlphaUser(r.Context(), id)
	if err != nil {
		return alphaUserError(err, id)
	}
	if query.ReadPreconditions(r.Header).NotModified(u.Rev) {
		w.Header().Set("ETag", query.ETag(u.Rev))
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeAlphaUser(w, http.StatusOK, u, fields)
	return nil
}

// queryAlphaUsers serves GET /openidm/managed/alpha_user?_queryFilter=...
func (t *Tenant) queryAlphaUsers(w http.ResponseWriter, r *http.Request) error {
	req, err := query.ParseRequest(r.URL.Query())
	if err != nil {
		return err
	}
	var results []any
	page, err := alphaUserSchema.Run(r.Context(), t.store.DB(), req, []string{"id", "rev", "object"}, func(scan func(...any) error) error {
		var id, rev, obj string
		if err := scan(&id, &rev, &obj); err != nil {
			return err
		}
		u, err := store.DecodeAlphaUser(id, rev, obj)
		if err != nil {
			return err
		}
		results = append(results, query.Project(alphaUserJSON(u), req.Fields))
		return nil
	})
	if err != nil {
		return err
	}
	crest.WriteJSON(w, http.StatusOK, query.NewEnvelope(results, page))
	return nil
}

// modifyAlphaUser reads the user, applies change and stores the result with
// a new _rev in one transaction, honouring If-Match.
func (t *Tenant) modifyAlphaUser(ctx context.Context, r *http.Request, id string, change func(cur store.AlphaUser) (map[string]any, error)) (store.AlphaUser, error) {
	pre := query.ReadPreconditions(r.Header)
	var out store.AlphaUser
	err := t.store.InTx(ctx, func(tx *sql.Tx) error {
		cur, err := store.GetAlphaUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := pre.CheckWrite(true, cur.Rev); err != nil {
			return err
		}
		obj, err := change(cur)
		if err != nil {
			return err
		}
		out = store.AlphaUser{ID: id, Rev: alphaUserRev(), Object: obj}
		return store.UpdateAlphaUser(ctx, tx, out)
	})
	return out, err
}

// replaceAlphaUser serves PUT /openidm/managed/alpha_user/{id}; a PUT to an
// unused UUID without If-Match creates the user (201), as CREST does.
func (t *Tenant) replaceAlphaUser(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	doc, err := readObject(r)
	if err != nil {
		return err
	}
	if v, ok := doc["_id"]; ok && v != id {
		return crest.FieldError("_id", "The _id in the body does not match the _id in the path")
	}
	pre := query.ReadPreconditions(r.Header)
	if pre.IfNoneMatch == "*" {
		if _, err := t.store.GetAlphaUser(r.Context(), id); err == nil {
			return crest.PreconditionFailed()
		}
	}
	u, err := t.modifyAlphaUser(r.Context(), r, id, func(cur store.AlphaUser) (map[string]any, error) {
		return validateAlphaUser(doc, cur.Object)
	})
	if errors.Is(err, store.ErrNotFound) && pre.IfMatch == "" && isCanonicalUUID(id) {
		obj, err := validateAlphaUser(doc, nil)
		if err != nil {
			return err
		}
		u = store.AlphaUser{ID: id, Rev: alphaUserRev(), Object: obj}
		if err := store.InsertAlphaUser(r.Context(), t.store.DB(), u, t.now()); err != nil {
			return alphaUserError(err, id)
		}
		w.Header().Set("Location", t.BaseURL()+alphaUserPath+"/"+id)
		writeAlphaUser(w, http.StatusCreated, u, fields)
		return nil
	}
	if err != nil {
		if errors.Is(err, store.ErrNotFound) && pre.IfMatch != "" {
			return crest.PreconditionFailed()
		}
		return alphaUserError(err, id)
	}
	writeAlphaUser(w, http.StatusOK, u, fields)
	return nil
}

// patchAlphaUser serves PATCH /openidm/managed/alpha_user/{id}.
func (t *Tenant) patchAlphaUser(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	body, err := query.ReadBody(r)
	if err != nil {
		return err
	}
	ops, err := query.ParsePatch(body)
	if err != nil {
		return err
	}
	u, err := t.modifyAlphaUser(r.Context(), r, id, func(cur store.AlphaUser) (map[string]any, error) {
		doc := alphaUserJSON(cur)
		query.ApplyPatch(doc, ops)
		return validateAlphaUser(doc, cur.Object)
	})
	if err != nil {
		return alphaUserError(err, id)
	}
	writeAlphaUser(w, http.StatusOK, u, fields)
	return nil
}

// deleteAlphaUser serves DELETE /openidm/managed/alpha_user/{id}, answering
// the deleted object.
func (t *Tenant) deleteAlphaUser(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	pre := query.ReadPreconditions(r.Header)
	var gone store.AlphaUser
	err = t.store.InTx(r.Context(), func(tx *sql.Tx) error {
		cur, err := store.GetAlphaUser(r.Context(), tx, id)
		if err != nil {
			return err
		}
		if err := pre.CheckWrite(true, cur.Rev); err != nil {
			return err
		}
		gone = cur
		return store.DeleteAlphaUser(r.Context(), tx, id)
	})
	if err != nil {
		return alphaUserError(err, id)
	}
	writeAlphaUser(w, http.StatusOK, gone, fields)
	return nil
}
