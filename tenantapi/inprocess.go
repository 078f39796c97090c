package tenantapi

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// InProcess is an http.RoundTripper that serves requests with h directly, so
// the console talks to the embedded tenant without a socket. The tenant sees
// an ordinary server-side request.
func InProcess(h http.Handler) http.RoundTripper { return inProcess{h} }

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	srv := serverRequest(req)
	return t.answer(req, srv), nil
}

// serve answers a request that its caller built for this call alone and
// never uses again: the handler gets it as it is, without a copy.
func (t inProcess) serve(req *http.Request) *http.Response {
	asServerRequest(req, req)
	return t.answer(req, req)
}

// answer runs the handler on srv and returns the response to req.
func (t inProcess) answer(req, srv *http.Request) *http.Response {
	w := &recorder{header: http.Header{}}
	t.h.ServeHTTP(w, srv)
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return clientResponse(req, w.status, w.sent, &inProcessBody{Reader: bytes.NewReader(w.body.Bytes()), raw: w.body.Bytes()}, int64(w.body.Len()))
}

// inProcessBody is an answer already in memory: Client.do takes its bytes as
// they are instead of copying them again.
type inProcessBody struct {
	*bytes.Reader
	raw []byte
}

func (*inProcessBody) Close() error { return nil }

// serverRequest turns a client request into the request a handler sees, as
// a server would have received it.
func serverRequest(req *http.Request) *http.Request {
	srv := req.Clone(req.Context())
	asServerRequest(srv, req)
	return srv
}

// asServerRequest sets on srv, a copy of req or req itself, what a server
// would have set.
func asServerRequest(srv, req *http.Request) {
	srv.RequestURI = req.URL.RequestURI()
	srv.RemoteAddr = "127.0.0.1:0"
	if srv.Host == "" {
		srv.Host = req.URL.Host
	}
	if req.Body == nil {
		srv.Body = http.NoBody
	}
	if req.ContentLength > 0 {
		srv.Header.Set("Content-Length", strconv.FormatInt(req.ContentLength, 10))
	}
}

// clientResponse is the response a client receives for a handler's answer.
func clientResponse(req *http.Request, status int, header http.Header, body io.ReadCloser, length int64) *http.Response {
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          body,
		ContentLength: length,
		Request:       req,
	}
}

// recorder is the minimal http.ResponseWriter the in-process transport needs.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	sent   http.Header
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status != 0 {
		return
	}
	r.status = status
	r.sent = r.header.Clone()
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	return r.body.Write(p)
}
