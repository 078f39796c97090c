package tenant

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/pingclone/aic-console/tenant/store"
)

const resourcesSeededSetting = "seed.resources"

// seedResources gives a new tenant a few ESVs, a server certificate and (see
// seedIdentities) identities, once: a later start finds the setting and
// leaves the data as the administrators left it.
func (t *Tenant) seedResources(ctx context.Context) error {
	if _, ok, err := t.store.Setting(ctx, resourcesSeededSetting); err != nil || ok {
		return err
	}
	now := t.now()
	before := now.Add(-2 * time.Second)
	const by = "tenant-setup"
	vars := []store.ESVVariable{
		{ID: "esv-tenant-fqdn", ValueBase64: b64std(t.baseURL.Hostname()), Description: "The tenant's host name", ExpressionType: "string"},
		{ID: "esv-allowed-origins", ValueBase64: b64std(`["` + t.baseURL.String() + `"]`), Description: "Origins allowed by CORS", ExpressionType: "array"},
		{ID: "esv-session-timeout-minutes", ValueBase64: b64std("30"), Description: "Idle session timeout", ExpressionType: "int"},
	}
	for _, v := range vars {
		v.LastChangedBy, v.LastChangeDate = by, before
		if _, err := t.store.PutESVVariable(ctx, v); err != nil {
			return fmt.Errorf("seed variables: %w", err)
		}
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return fmt.Errorf("seed secrets: %w", err)
	}
	err := t.store.CreateESVSecret(ctx, store.ESVSecret{ID: "esv-smtp-password", Description: "Password of the outgoing mail server",
		Encoding: "generic", UseInPlaceholders: true, LastChangedBy: by, LastChangeDate: before}, b64std(hex.EncodeToString(secret)))
	if err != nil && !errors.Is(err, store.ErrExists) {
		return fmt.Errorf("seed secrets: %w", err)
	}
	if _, err := t.store.RequestRestart(ctx, store.Restart{RequestedBy: by, RequestedAt: now.Add(-time.Second), ReadyAt: now.Add(-time.Second)}); err != nil {
		return fmt.Errorf("seed restart: %w", err)
	}
	if err := t.seedCertificate(ctx, now); err != nil {
		return err
	}
	if err := t.seedIdentities(ctx); err != nil {
		return err
	}
	if _, err := t.store.SettingOrCreate(ctx, resourcesSeededSetting, func() ([]byte, error) { return []byte(store.FormatTime(now)), nil }); err != nil {
		return err
	}
	return nil
}

func b64std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// seedCertificate stores a self-signed certificate for the tenant's host; its
// private key is thrown away (only the public certificate is served).
func (t *Tenant) seedCertificate(ctx context.Context, now time.Time) error {
	existing, err := t.store.ListCertificates(ctx)
	if err != nil || len(existing) > 0 {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("seed certificate: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 96))
	if err != nil {
		return fmt.Errorf("seed certificate: %w", err)
	}
	host := t.baseURL.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: host, Organization: []string{"Example Tenant"}},
		DNSNames:     []string{host},
		NotBefore:    now.Add(-time.Hour).UTC().Truncate(time.Second),
		NotAfter:     now.AddDate(1, 0, 0).UTC().Truncate(time.Second),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("seed certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return fmt.Errorf("seed certificate: %w", err)
	}
	return t.store.AddCertificate(ctx, store.Certificate{
		ID: hex.EncodeToString(serial.Bytes()), Subject: cert.Subject.String(), Issuer: cert.Issuer.String(),
		SubjectAlternativeNames: cert.DNSNames, ValidFrom: cert.NotBefore, ExpireTime: cert.NotAfter,
		PEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), Active: true, Live: true, CreatedAt: now,
	})
}
