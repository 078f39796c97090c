package tenant

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// esvResource serves what ESV variables and secrets share: the paged list,
// read, the setDescription action and delete. T is the stored record, J its
// API shape; creating and replacing differ and stay with each kind.
type esvResource[T, J any] struct {
	t              *Tenant
	noun           string // "variable" or "secret", for messages
	id             func(T) string
	toJSON         func(T, time.Time) J
	list           func(ctx context.Context, after string, limit int) ([]T, error)
	get            func(ctx context.Context, id string) (T, error)
	remove         func(ctx context.Context, id string) error
	setDescription func(ctx context.Context, id, description, by string, at time.Time) error
}

func (t *Tenant) esvVariables() esvResource[store.ESVVariable, variableJSON] {
	return esvResource[store.ESVVariable, variableJSON]{
		t: t, noun: "variable", id: func(v store.ESVVariable) string { return v.ID }, toJSON: toVariableJSON,
		list: t.store.ListESVVariables, get: t.store.GetESVVariable,
		remove: t.store.DeleteESVVariable, setDescription: t.store.SetESVVariableDescription,
	}
}

func (t *Tenant) esvSecrets() esvResource[store.ESVSecret, secretJSON] {
	return esvResource[store.ESVSecret, secretJSON]{
		t: t, noun: "secret", id: func(s store.ESVSecret) string { return s.ID }, toJSON: toSecretJSON,
		list: t.store.ListESVSecrets, get: t.store.GetESVSecret,
		remove: t.store.DeleteESVSecret, setDescription: t.store.SetESVSecretDescription,
	}
}

func (e esvResource[T, J]) notFound(id string) error {
	return crest.NotFound("The " + e.noun + " " + id + " does not exist")
}

// find reads the record the path's {id} names, or answers 404.
func (e esvResource[T, J]) find(r *http.Request) (T, error) {
	id := r.PathValue("id")
	v, err := e.get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return v, e.notFound(id)
	}
	return v, err
}

// write answers v in its API shape ("loaded" depends on the last restart).
func (e esvResource[T, J]) write(w http.ResponseWriter, r *http.Request, status int, v T) error {
	lastLoad, err := e.t.store.LastLoad(r.Context(), e.t.now())
	if err != nil {
		return err
	}
	crest.WriteJSON(w, status, e.toJSON(v, lastLoad))
	return nil
}

// serveList serves GET /environment/{variables,secrets}, paged by _id.
func (e esvResource[T, J]) serveList(w http.ResponseWriter, r *http.Request) error {
	after, size, err := pageParams(r)
	if err != nil {
		return err
	}
	records, err := e.list(r.Context(), after, size+1)
	if err != nil {
		return err
	}
	lastLoad, err := e.t.store.LastLoad(r.Context(), e.t.now())
	if err != nil {
		return err
	}
	more := len(records) > size
	if more {
		records = records[:size]
	}
	out := make([]J, len(records))
	last := ""
	for i, v := range records {
		out[i], last = e.toJSON(v, lastLoad), e.id(v)
	}
	crest.WriteJSON(w, http.StatusOK, pageEnvelope(out, len(out), more, last))
	return nil
}

// serveRead serves GET /environment/{variables,secrets}/{id}.
func (e esvResource[T, J]) serveRead(w http.ResponseWriter, r *http.Request) error {
	v, err := e.find(r)
	if err != nil {
		return err
	}
	return e.write(w, r, http.StatusOK, v)
}

type descriptionInput struct {
	Description *string `json:"description"`
}

// serveAction serves POST /environment/{variables,secrets}/{id}?_action=setDescription.
func (e esvResource[T, J]) serveAction(w http.ResponseWriter, r *http.Request) error {
	if a := r.URL.Query().Get("_action"); a != "setDescription" {
		return crest.BadRequest("Unsupported _action: " + strconv.Quote(a) + "; this resource supports setDescription")
	}
	var in descriptionInput
	if err := readResourceJSON(r, &in); err != nil {
		return err
	}
	if in.Description == nil {
		return crest.FieldError("description", "description is required")
	}
	if err := validESVDescription(*in.Description); err != nil {
		return err
	}
	id := r.PathValue("id")
	err := e.setDescription(r.Context(), id, *in.Description, actor(r), e.t.now())
	if errors.Is(err, store.ErrNotFound) {
		return e.notFound(id)
	}
	if err != nil {
		return err
	}
	return e.serveRead(w, r)
}

// serveDelete serves DELETE /environment/{variables,secrets}/{id}, answering
// the deleted record.
func (e esvResource[T, J]) serveDelete(w http.ResponseWriter, r *http.Request) error {
	v, err := e.find(r)
	if err != nil {
		return err
	}
	if err := e.remove(r.Context(), e.id(v)); errors.Is(err, store.ErrNotFound) {
		return e.notFound(e.id(v))
	} else if err != nil {
		return err
	}
	return e.write(w, r, http.StatusOK, v)
}
