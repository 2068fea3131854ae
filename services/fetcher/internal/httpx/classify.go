package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
)

// Result classes: a closed set used as the `result` metric label and in
// logs. Never put an error string in a label.
const (
	ResultOK               = "ok"
	ResultNotModified      = "not_modified"
	ResultHTTP4xx          = "http_4xx"
	ResultHTTP5xx          = "http_5xx"
	ResultTimeout          = "timeout"
	ResultTooLarge         = "too_large"
	ResultBadType          = "bad_type"
	ResultSSRFBlocked      = "ssrf_blocked"
	ResultRobotsDisallowed = "robots_disallowed"
	ResultDNS              = "dns"
	ResultTLS              = "tls"
	ResultOther            = "other"
)

// Results lists every result class, to pre-create metric series.
var Results = []string{ResultOK, ResultNotModified, ResultHTTP4xx, ResultHTTP5xx, ResultTimeout,
	ResultTooLarge, ResultBadType, ResultSSRFBlocked, ResultRobotsDisallowed, ResultDNS, ResultTLS, ResultOther}

// Classify maps an error of Get to a result class. Callers with their own
// sentinels (robots, feed parsing) check those first.
func Classify(err error) string {
	if err == nil {
		return ResultOK
	}
	var se *StatusError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var alertErr tls.AlertError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var netErr net.Error
	switch {
	case errors.Is(err, ErrBlocked):
		return ResultSSRFBlocked
	case errors.Is(err, ErrTooLarge):
		return ResultTooLarge
	case errors.Is(err, ErrBadType):
		return ResultBadType
	case errors.As(err, &se):
		switch {
		case se.Code >= 400 && se.Code < 500:
			return ResultHTTP4xx
		case se.Code >= 500 && se.Code < 600:
			return ResultHTTP5xx
		}
		return ResultOther
	case errors.As(err, &dnsErr):
		return ResultDNS
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &alertErr),
		errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalidCert):
		return ResultTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return ResultTimeout
	}
	return ResultOther
}

// Transient reports whether retrying later may succeed: timeouts, 5xx, 429,
// DNS and connection failures. Size, type, SSRF and 4xx failures are final.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == 429 || se.Code == 408 || se.Code >= 500
	}
	switch Classify(err) {
	case ResultTooLarge, ResultBadType, ResultSSRFBlocked, ResultTLS:
		return false
	}
	return !errors.Is(err, ErrScheme) && !errors.Is(err, ErrTooManyRedirects)
}

// IsPageType accepts HTML, XHTML and plain text, and a missing type (many
// servers omit it; the cleaner sniffs).
func IsPageType(mediaType string) bool {
	switch mediaType {
	case "", "text/html", "application/xhtml+xml", "text/plain":
		return true
	}
	return false
}
