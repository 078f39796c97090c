package tenantapi

import (
	"fmt"
	"io"
	"net/http"
	"sync"
)

// Streaming returns a transport that hands over answers while they are being
// written: for the in-process transport, the tenant's handler runs in its own
// goroutine and its body comes through a pipe; any other transport already
// streams and is returned as is.
func Streaming(rt http.RoundTripper) http.RoundTripper {
	if ip, ok := rt.(inProcess); ok {
		return pipedInProcess(ip)
	}
	return rt
}

type pipedInProcess struct{ h http.Handler }

func (t pipedInProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	srv := serverRequest(req)
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, pw: pw, ready: make(chan struct{})}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				// http.ErrAbortHandler included: the reader sees a broken body.
				w.WriteHeader(http.StatusInternalServerError)
				pw.CloseWithError(fmt.Errorf("tenant handler aborted: %v", v))
				return
			}
			w.WriteHeader(http.StatusOK)
			pw.Close()
		}()
		t.h.ServeHTTP(w, srv)
	}()
	<-w.ready
	return clientResponse(req, w.status, w.sent, pr, -1), nil
}

// pipeWriter is the handler's side: headers once, then the body into the pipe.
type pipeWriter struct {
	header http.Header
	sent   http.Header
	status int
	pw     *io.PipeWriter
	once   sync.Once
	ready  chan struct{}
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(status int) {
	w.once.Do(func() {
		w.status = status
		w.sent = w.header.Clone()
		close(w.ready)
	})
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush is a no-op: every Write already waits for the reader.
func (w *pipeWriter) Flush() {}
