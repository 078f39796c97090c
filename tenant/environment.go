package tenant

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/pingclone/aic-console/tenant/crest"
	"github.com/pingclone/aic-console/tenant/store"
)

// RestartDuration is how long an emulated restart of the environment takes:
// GET /environment/startup reads "restarting" until it is over. ESVs changed
// before a restart began read "loaded": true once it is over.
const RestartDuration = 10 * time.Second

type restartStatus struct {
	RestartStatus string `json:"restartStatus"`
}

// startupStatus serves GET /environment/startup.
func (t *Tenant) startupStatus(w http.ResponseWriter, r *http.Request) error {
	latest, ok, err := t.store.LatestRestart(r.Context())
	if err != nil {
		return err
	}
	status := "ready"
	if ok && t.now().Before(latest.ReadyAt) {
		status = "restarting"
	}
	crest.WriteJSON(w, http.StatusOK, restartStatus{status})
	return nil
}

// startupAction serves POST /environment/startup?_action=restart: the request
// is recorded (who, when) and the environment reads "restarting" for
// RestartDuration. A request during a restart joins the one in progress.
func (t *Tenant) startupAction(w http.ResponseWriter, r *http.Request) error {
	if a := r.URL.Query().Get("_action"); a != "restart" {
		return crest.BadRequest("Unsupported _action: " + strconv.Quote(a) + "; this resource supports restart")
	}
	now := t.now()
	if _, err := t.store.RequestRestart(r.Context(), store.Restart{RequestedBy: actor(r), RequestedAt: now, ReadyAt: now.Add(RestartDuration)}); err != nil {
		return err
	}
	t.log.Info("environment restart requested", "by", actor(r), "request_id", crest.RequestID(r))
	crest.WriteJSON(w, http.StatusOK, restartStatus{"restarting"})
	return nil
}

// certificateJSON is a certificate as the certificates API shows it.
type certificateJSON struct {
	ID                      string   `json:"id"`
	Active                  bool     `json:"active"`
	Live                    bool     `json:"live"`
	Subject                 string   `json:"subject"`
	Issuer                  string   `json:"issuer"`
	SubjectAlternativeNames []string `json:"subjectAlternativeNames"`
	ValidFromTime           string   `json:"validFromTime"`
	ExpireTime              string   `json:"expireTime"`
	Certificate             string   `json:"certificate,omitempty"`
}

func toCertificateJSON(c store.Certificate, withPEM bool) certificateJSON {
	out := certificateJSON{ID: c.ID, Active: c.Active, Live: c.Live, Subject: c.Subject, Issuer: c.Issuer,
		SubjectAlternativeNames: c.SubjectAlternativeNames, ValidFromTime: rfc3339(c.ValidFrom), ExpireTime: rfc3339(c.ExpireTime)}
	if out.SubjectAlternativeNames == nil {
		out.SubjectAlternativeNames = []string{}
	}
	if withPEM {
		out.Certificate = c.PEM
	}
	return out
}

// listCertificates serves GET /environment/certificates.
func (t *Tenant) listCertificates(w http.ResponseWriter, r *http.Request) error {
	certs, err := t.store.ListCertificates(r.Context())
	if err != nil {
		return err
	}
	out := make([]certificateJSON, len(certs))
	for i, c := range certs {
		out[i] = toCertificateJSON(c, false)
	}
	crest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// readCertificate serves GET /environment/certificates/{id}.
func (t *Tenant) readCertificate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	c, err := t.store.GetCertificate(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return crest.NotFound("The certificate " + id + " does not exist")
	}
	if err != nil {
		return err
	}
	crest.WriteJSON(w, http.StatusOK, toCertificateJSON(c, true))
	return nil
}
