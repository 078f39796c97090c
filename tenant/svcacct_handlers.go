package tenant

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/pingclone/aic-console/tenant/auth"
	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/crest/query"
	"github.com/pingclone/aic-console/tenant/store"
	"github.com/pingclone/aic-console/tenant/svcacct"
)

// svcacctPath is the service account resource's collection path.
const svcacctPath = "/openidm/managed/svcacct"

// createSvcAcct serves POST /openidm/managed/svcacct?_action=create. A body
// _id that is a UUID is used as the id (as imports do); otherwise the server
// chooses one. _rev in the body is ignored.
func (t *Tenant) createSvcAcct(w http.ResponseWriter, r *http.Request) error {
	switch action := r.URL.Query().Get("_action"); action {
	case "create":
	case "":
		return crest.BadRequest("The _action parameter is required; use _action=create").WithDetail("field", "_action")
	default:
		return crest.BadRequest("The action '"+action+"' is not supported on managed/svcacct").WithDetail("field", "_action")
	}
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	doc, err := readObject(r)
	if err != nil {
		return err
	}
	var id string
	if v, ok := doc["_id"]; ok {
		if id, ok = v.(string); !ok || !isCanonicalUUID(id) {
			return crest.FieldError("_id", "The _id must be a UUID (lower-case, 36 characters) or left out for the server to choose")
		}
	}
	spec, err := svcacct.Validate(doc)
	if err != nil {
		return err
	}
	a, err := t.store.CreateSvcAcct(r.Context(), actor(r), spec.Apply(store.SvcAcct{ID: id}))
	if err != nil {
		return svcacctError(err, id)
	}
	w.Header().Set("Location", t.BaseURL()+svcacctPath+"/"+a.ID)
	writeSvcAcct(w, http.StatusCreated, a, fields)
	return nil
}

// readSvcAcct serves GET /openidm/managed/svcacct/{id}.
func (t *Tenant) readSvcAcct(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	a, err := t.store.GetSvcAcct(r.Context(), id)
	if err != nil {
		return svcacctError(err, id)
	}
	if query.ReadPreconditions(r.Header).NotModified(a.Rev) {
		w.Header().Set("ETag", query.ETag(a.Rev))
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeSvcAcct(w, http.StatusOK, a, fields)
	return nil
}

// querySvcAccts serves GET /openidm/managed/svcacct?_queryFilter=...
func (t *Tenant) querySvcAccts(w http.ResponseWriter, r *http.Request) error {
	req, err := query.ParseRequest(r.URL.Query())
	if err != nil {
		return err
	}
	accounts, page, err := t.store.QuerySvcAccts(r.Context(), req)
	if err != nil {
		return err
	}
	members := svcacct.FieldMembers(req.Fields)
	query.WriteEnvelope(w, len(accounts), func(dst []byte, i int) []byte {
		return svcacct.AppendJSON(dst, accounts[i], members)
	}, page)
	return nil
}

// replaceSvcAcct serves PUT /openidm/managed/svcacct/{id}. If-Match makes it
// conditional (412 when stale); If-None-Match: * refuses to overwrite (412).
// A PUT to an unused id creates the account when the id is a canonical UUID
// and no If-Match is sent (201), as CREST does; other unused ids are 404.
// The body's _id must match the path when present; _rev is ignored.
func (t *Tenant) replaceSvcAcct(w http.ResponseWriter, r *http.Request) error {
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
	spec, err := svcacct.Validate(doc)
	if err != nil {
		return err
	}
	pre := query.ReadPreconditions(r.Header)
	a, created, err := t.store.ReplaceSvcAcct(r.Context(), actor(r), spec.Apply(store.SvcAcct{ID: id}), store.Precondition{
		Rev:             pre.ExpectedRev(),
		MustNotExist:    pre.IfNoneMatch == "*",
		CreateIfMissing: pre.IfMatch == "" && isCanonicalUUID(id),
	})
	if err != nil {
		return svcacctError(err, id)
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", t.BaseURL()+svcacctPath+"/"+a.ID)
	}
	writeSvcAcct(w, status, a, fields)
	return nil
}

// patchSvcAcct serves PATCH /openidm/managed/svcacct/{id}: the operations are
// applied to the current object and the result is validated as a replace,
// in the transaction that read it.
func (t *Tenant) patchSvcAcct(w http.ResponseWriter, r *http.Request) error {
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
	pre := query.ReadPreconditions(r.Header)
	a, err := t.store.PatchSvcAcct(r.Context(), actor(r), id, store.Precondition{Rev: pre.ExpectedRev()},
		func(cur store.SvcAcct) (store.SvcAcct, error) {
			doc := svcacct.Object(cur)
			query.ApplyPatch(doc, ops)
			spec, err := svcacct.Validate(doc)
			if err != nil {
				return store.SvcAcct{}, err
			}
			return spec.Apply(cur), nil
		})
	if err != nil {
		return svcacctError(err, id)
	}
	writeSvcAcct(w, http.StatusOK, a, fields)
	return nil
}

// deleteSvcAcct serves DELETE /openidm/managed/svcacct/{id} and answers with
// the deleted object.
func (t *Tenant) deleteSvcAcct(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	fields, err := query.ParseFields(r.URL.Query().Get("_fields"))
	if err != nil {
		return err
	}
	pre := query.ReadPreconditions(r.Header)
	a, err := t.store.DeleteSvcAcct(r.Context(), actor(r), id, store.Precondition{Rev: pre.ExpectedRev()})
	if err != nil {
		return svcacctError(err, id)
	}
	writeSvcAcct(w, http.StatusOK, a, fields)
	return nil
}

// methodNotAllowed answers methods a CREST path does not support.
func methodNotAllowed(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("id") != "" {
		w.Header().Set("Allow", "GET, HEAD, PUT, PATCH, DELETE")
	} else {
		w.Header().Set("Allow", "GET, HEAD, POST")
	}
	return crest.NewError(http.StatusMethodNotAllowed, "The method "+r.Method+" is not supported on "+r.URL.Path)
}

func writeSvcAcct(w http.ResponseWriter, status int, a store.SvcAcct, fields []string) {
	w.Header().Set("ETag", query.ETag(a.Rev))
	crest.WriteJSON(w, status, query.Project(svcacct.Object(a), fields))
}

func readObject(r *http.Request) (map[string]any, error) {
	body, err := query.ReadBody(r)
	if err != nil {
		return nil, err
	}
	return query.DecodeObject(body)
}

// actor is the administrator a write is recorded against.
func actor(r *http.Request) string {
	p, _ := auth.FromContext(r.Context())
	return p.Subject
}

// svcacctError turns a store error into its CREST answer; validation errors
// (from a patch) pass through, anything unexpected stays a logged 500.
func svcacctError(err error, id string) error {
	var ce *crest.Error
	switch {
	case errors.As(err, &ce):
		return ce
	case errors.Is(err, store.ErrNotFound):
		return crest.NotFound("Object " + id + " not found in managed/svcacct")
	case errors.Is(err, store.ErrStaleRevision), errors.Is(err, store.ErrExists):
		return crest.PreconditionFailed()
	}
	return err
}

func isCanonicalUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && len(s) == 36 && u.String() == strings.ToLower(s) && s == strings.ToLower(s)
}
