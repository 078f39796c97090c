package tenant

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// esvExpressionTypes are the types a variable's value may be read as.
var esvExpressionTypes = []string{"string", "list", "array", "object", "bool", "int", "number"}

// variableJSON is an ESV variable as the API shows it.
type variableJSON struct {
	ID             string `json:"_id"`
	ValueBase64    string `json:"valueBase64"`
	Description    string `json:"description"`
	ExpressionType string `json:"expressionType"`
	Loaded         bool   `json:"loaded"`
	LastChangedBy  string `json:"lastChangedBy"`
	LastChangeDate string `json:"lastChangeDate"`
}

func toVariableJSON(v store.ESVVariable, lastLoad time.Time) variableJSON {
	return variableJSON{
		ID: v.ID, ValueBase64: v.ValueBase64, Description: v.Description, ExpressionType: v.ExpressionType,
		Loaded: v.LastChangeDate.Before(lastLoad), LastChangedBy: v.LastChangedBy, LastChangeDate: rfc3339(v.LastChangeDate),
	}
}

// listVariables serves GET /environment/variables.
func (t *Tenant) listVariables(w http.ResponseWriter, r *http.Request) error {
	after, size, err := pageParams(r)
	if err != nil {
		return err
	}
	vars, err := t.store.ListESVVariables(r.Context(), after, size+1)
	if err != nil {
		return err
	}
	lastLoad, err := t.store.LastLoad(r.Context(), t.now())
	if err != nil {
		return err
	}
	more := len(vars) > size
	if more {
		vars = vars[:size]
	}
	out := make([]variableJSON, len(vars))
	last := ""
	for i, v := range vars {
		out[i], last = toVariableJSON(v, lastLoad), v.ID
	}
	crest.WriteJSON(w, http.StatusOK, pageEnvelope(out, len(out), more, last))
	return nil
}

// readVariable serves GET /environment/variables/{id}.
func (t *Tenant) readVariable(w http.ResponseWriter, r *http.Request) error {
	v, err := t.variable(r)
	if err != nil {
		return err
	}
	return t.writeVariable(w, r, http.StatusOK, v)
}

func (t *Tenant) variable(r *http.Request) (store.ESVVariable, error) {
	id := r.PathValue("id")
	v, err := t.store.GetESVVariable(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return store.ESVVariable{}, crest.NotFound("The variable " + id + " does not exist")
	}
	return v, err
}

func (t *Tenant) writeVariable(w http.ResponseWriter, r *http.Request, status int, v store.ESVVariable) error {
	lastLoad, err := t.store.LastLoad(r.Context(), t.now())
	if err != nil {
		return err
	}
	crest.WriteJSON(w, status, toVariableJSON(v, lastLoad))
	return nil
}

type variableInput struct {
	ValueBase64    *string `json:"valueBase64"`
	Description    *string `json:"description"`
	ExpressionType *string `json:"expressionType"`
}

// putVariable serves PUT /environment/variables/{id}: create or replace. The
// expression type of an existing variable cannot change.
func (t *Tenant) putVariable(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := validESVID(id); err != nil {
		return err
	}
	var in variableInput
	if err := readResourceJSON(r, &in); err != nil {
		return err
	}
	value, err := decodeBase64Value(in.ValueBase64)
	if err != nil {
		return err
	}
	exprType := "string"
	if in.ExpressionType != nil {
		exprType = *in.ExpressionType
	}
	if !slices.Contains(esvExpressionTypes, exprType) {
		return crest.FieldError("expressionType", "expressionType must be one of "+strings.Join(esvExpressionTypes, ", "))
	}
	if err := checkExpressionValue(exprType, value); err != nil {
		return err
	}
	desc := ""
	if in.Description != nil {
		desc = *in.Description
	}
	if err := validESVDescription(desc); err != nil {
		return err
	}
	old, err := t.store.GetESVVariable(r.Context(), id)
	switch {
	case err == nil:
		if in.ExpressionType != nil && old.ExpressionType != exprType {
			return crest.FieldError("expressionType", "The expressionType of an existing variable cannot be changed")
		}
		exprType = old.ExpressionType
		if err := checkExpressionValue(exprType, value); err != nil {
			return err
		}
		if in.Description == nil {
			desc = old.Description
		}
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	v := store.ESVVariable{ID: id, ValueBase64: *in.ValueBase64, Description: desc, ExpressionType: exprType,
		LastChangedBy: actor(r), LastChangeDate: t.now()}
	created, err := t.store.PutESVVariable(r.Context(), v)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return t.writeVariable(w, r, status, v)
}

// checkExpressionValue checks that value reads as the expression type says.
func checkExpressionValue(exprType string, value []byte) error {
	s := strings.TrimSpace(string(value))
	ok := true
	switch exprType {
	case "bool":
		ok = s == "true" || s == "false"
	case "int":
		_, err := strconv.ParseInt(s, 10, 64)
		ok = err == nil
	case "number":
		_, err := strconv.ParseFloat(s, 64)
		ok = err == nil
	case "array":
		var a []any
		ok = json.Unmarshal(value, &a) == nil
	case "object":
		var o map[string]any
		ok = json.Unmarshal(value, &o) == nil && o != nil
	}
	if !ok {
		return crest.FieldError("valueBase64", "The value is not a valid "+exprType)
	}
	return nil
}

type descriptionInput struct {
	Description *string `json:"description"`
}

// variableAction serves POST /environment/variables/{id}?_action=setDescription.
func (t *Tenant) variableAction(w http.ResponseWriter, r *http.Request) error {
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
	err := t.store.SetESVVariableDescription(r.Context(), id, *in.Description, actor(r), t.now())
	if errors.Is(err, store.ErrNotFound) {
		return crest.NotFound("The variable " + id + " does not exist")
	}
	if err != nil {
		return err
	}
	return t.readVariable(w, r)
}

// deleteVariable serves DELETE /environment/variables/{id}, answering the
// deleted variable.
func (t *Tenant) deleteVariable(w http.ResponseWriter, r *http.Request) error {
	v, err := t.variable(r)
	if err != nil {
		return err
	}
	if err := t.store.DeleteESVVariable(r.Context(), v.ID); errors.Is(err, store.ErrNotFound) {
		return crest.NotFound("The variable " + v.ID + " does not exist")
	} else if err != nil {
		return err
	}
	return t.writeVariable(w, r, http.StatusOK, v)
}
