// Package keys makes the service account key pairs the console hands out:
// a pool of fresh RSA keys generated ahead of time (4096-bit generation takes
// about a second), their JWK encodings, and the one-time store from which a
// private key is downloaded exactly once. Private keys live only in memory.
package keys

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"sync"
)

// Bits is the size of service account keys, as the real console makes them.
const Bits = 4096

// Pool keeps up to Size fresh key pairs ready, refilled in the background by
// one goroutine so that generation never takes every CPU of the server.
type Pool struct {
	ready    chan *rsa.PrivateKey
	bits     int
	wake     chan struct{}
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
	generate func(bits int) (*rsa.PrivateKey, error)
}

// NewPool starts a pool of size keys of bits bits.
func NewPool(size, bits int) *Pool {
	return newPool(size, bits, func(bits int) (*rsa.PrivateKey, error) {
		return rsa.GenerateKey(rand.Reader, bits)
	})
}

func newPool(size, bits int, generate func(bits int) (*rsa.PrivateKey, error)) *Pool {
	if size < 1 {
		size = 1
	}
	p := &Pool{
		ready:    make(chan *rsa.PrivateKey, size),
		bits:     bits,
		wake:     make(chan struct{}, 1),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		generate: generate,
	}
	go p.refill()
	return p
}

// refill keeps the pool full until Close.
func (p *Pool) refill() {
	defer close(p.done)
	for {
		for len(p.ready) < cap(p.ready) {
			k, err := p.generate(p.bits)
			if err != nil {
				break // the system's random source failed; Get generates (and reports) on demand
			}
			select {
			case p.ready <- k:
			case <-p.stop:
				return
			}
		}
		select {
		case <-p.wake:
		case <-p.stop:
			return
		}
	}
}

// Get returns a fresh key pair, from the pool when one is ready, otherwise
// generated now. A key is never handed out twice.
func (p *Pool) Get(ctx context.Context) (*rsa.PrivateKey, error) {
	defer p.nudge()
	select {
	case k := <-p.ready:
		return k, nil
	default:
	}
	type res struct {
		k   *rsa.PrivateKey
		err error
	}
	ch := make(chan res, 1)
	go func() { k, err := p.generate(p.bits); ch <- res{k, err} }()
	select {
	case k := <-p.ready:
		return k, nil
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("generate RSA key: %w", r.err)
		}
		return r.k, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Ready is how many keys wait in the pool.
func (p *Pool) Ready() int { return len(p.ready) }

func (p *Pool) nudge() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Close stops the background refill.
func (p *Pool) Close() {
	p.stopOnce.Do(func() { close(p.stop) })
	<-p.done
}
