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
	return t.esvVariables().write(w, r, status, v)
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
