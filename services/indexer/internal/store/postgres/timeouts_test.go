package postgres

import "testing"

func TestWithTimeouts(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://u@db:5432/x?sslmode=disable",
			"postgres://u@db:5432/x?idle_in_transaction_session_timeout=60000&sslmode=disable&statement_timeout=30000"},
		// What the operator set is kept.
		{"postgres://u@db/x?statement_timeout=5000",
			"postgres://u@db/x?idle_in_transaction_session_timeout=60000&statement_timeout=5000"},
		{"host=db user=u statement_timeout=5000",
			"host=db user=u statement_timeout=5000 idle_in_transaction_session_timeout=60000"},
	} {
		if got := withTimeouts(tc.dsn); got != tc.want {
			t.Errorf("withTimeouts(%q) = %q; want %q", tc.dsn, got, tc.want)
		}
	}
}
