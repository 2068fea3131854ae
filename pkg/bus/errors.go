package bus

import (
	"errors"
	"fmt"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Reason is why a message was dead-lettered: a closed set, shared by the
// DLQ reason header, the `reason` label of claimwire_stage_dead_letters_total
// and the alerts on it. The detail goes in the Claimwire-Error header.
type Reason string

const (
	ReasonMalformed     Reason = "malformed"      // not JSON, or not the contract
	ReasonSchema        Reason = "schema"         // a schema this build does not know
	ReasonInvalid       Reason = "invalid"        // well-formed but unusable (empty page, bad offsets …)
	ReasonUnsupported   Reason = "unsupported"    // content this stage does not read (binary, not text …)
	ReasonTooLarge      Reason = "too_large"      // the output is larger than a message may be
	ReasonPanic         Reason = "panic"          // the handler panicked on this message
	ReasonMaxDeliveries Reason = "max_deliveries" // transient failures until MaxDeliver ran out
)

// Reasons is the whole set, to pre-create metric series and to check a
// reason read back from a header.
var Reasons = []Reason{ReasonMalformed, ReasonSchema, ReasonInvalid, ReasonUnsupported,
	ReasonTooLarge, ReasonPanic, ReasonMaxDeliveries}

// PermanentError marks a failure that retrying cannot fix: the runner
// dead-letters the message at once.
type PermanentError struct {
	Reason Reason
	Err    error
}

func (e *PermanentError) Error() string { return fmt.Sprintf("%s: %v", e.Reason, e.Err) }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as bad input with one of the Reason constants.
func Permanent(reason Reason, err error) error {
	return &PermanentError{Reason: reason, Err: err}
}

// PermanentReason returns the reason if err is permanent.
func PermanentReason(err error) (Reason, bool) {
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
