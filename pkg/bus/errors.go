package bus

import (
	"errors"
	"fmt"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Dead-letter reasons: a closed set, used as the DLQ reason header and the
// `reason` metric label. The detail goes in the Claimwire-Error header.
const (
	ReasonMalformed     = "malformed"      // not JSON, or not the contract
	ReasonSchema        = "schema"         // a schema this build does not know
	ReasonInvalid       = "invalid"        // well-formed but unusable (empty page, bad offsets …)
	ReasonUnsupported   = "unsupported"    // content this stage cannot handle (binary, too large …)
	ReasonPanic         = "panic"          // the handler panicked on this message
	ReasonMaxDeliveries = "max_deliveries" // transient failures until MaxDeliver ran out
)

// PermanentError marks a failure that retrying cannot fix: the runner
// dead-letters the message at once.
type PermanentError struct {
	Reason string
	Err    error
}

func (e *PermanentError) Error() string { return fmt.Sprintf("%s: %v", e.Reason, e.Err) }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as bad input with one of the Reason constants.
func Permanent(reason string, err error) error {
	return &PermanentError{Reason: reason, Err: err}
}

// permanentReason returns the reason if err is permanent.
func permanentReason(err error) (string, bool) {
	var pe *PermanentError
	if errors.As(err, &pe) {
		return pe.Reason, true
	}
	return "", false
}

// Decode decodes a contract message; a malformed message or unknown schema
// comes back as a permanent error with the matching reason.
func Decode(data []byte, v any) error {
	err := contract.Decode(data, v)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, contract.ErrSchema):
		return Permanent(ReasonSchema, err)
	}
	return Permanent(ReasonMalformed, err)
}
