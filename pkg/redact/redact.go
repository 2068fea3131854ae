// Package redact removes secrets from URLs, DSNs and text before they are
// logged, stored or shown: feed URLs may carry basic-auth passwords, store
// DSNs database passwords, NATS URLs tokens.
package redact

import (
	"errors"
	"regexp"
	"strings"
)

// Mask replaces a secret.
const Mask = "xxxxx"

var (
	// scheme://user:password@ — the user stays, the password goes.
	userPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)([^\s/?#@:'"]*):([^\s/?#@'"]*)@`)
	// nats://token@ (and tls, ws, wss): NATS reads a lone user as a token.
	natsToken = regexp.MustCompile(`(?i)\b((?:nats|tls|ws|wss)://)([^\s/?#@:'"]+)@`)
	// password=… in a key/value DSN or a query string; token-like query keys.
	keyValue = regexp.MustCompile(`(?i)\b(password|passwd|pwd|pass|token|secret|api_?key|access_token|auth_token|sig|signature|nkey|seed)=('[^']*'|[^\s&;'"]+)`)
)

// Text returns s with every URL password, NATS token and password=… value
// replaced by Mask. It is cheap for text without "://" or "=".
func Text(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "=") {
		return s
	}
	s = userPassword.ReplaceAllString(s, "${1}${2}:"+Mask+"@")
	s = natsToken.ReplaceAllString(s, "${1}"+Mask+"@")
	return keyValue.ReplaceAllString(s, "${1}="+Mask)
}

// URL redacts one URL or DSN (postgres://…, a key/value DSN, a
// comma-separated list of NATS URLs).
func URL(s string) string { return Text(s) }

// Error returns err, or an error with its text redacted if that text holds
// a secret (some drivers print the DSN they failed on). The redacted error
// no longer wraps err: use it where the error is shown, not inspected.
func Error(err error) error {
	if err == nil {
		return nil
	}
	if s := Text(err.Error()); s != err.Error() {
		return errors.New(s)
	}
	return err
}
