package group

import "strings"

// Diff ops.
const (
	OpEqual  = "eq"
	OpDelete = "del" // in the cluster text, not in the variant
	OpInsert = "ins" // in the variant, not in the cluster text
)

// Op is one run of a word-level diff.
type Op struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxDiffWords bounds the quadratic LCS table; quotes are far shorter, and a
// longer pair is shown as one replacement rather than costing seconds.
const maxDiffWords = 2000

// Diff is a word-level diff from base to variant: words compare after
// Normalize (case, quote style), runs keep the variant's (or base's) spelling.
func Diff(base, variant string) []Op {
	a, b := strings.Fields(base), strings.Fields(variant)
	if len(a) > maxDiffWords || len(b) > maxDiffWords {
		return merge([]Op{{OpDelete, base}, {OpInsert, variant}})
	}
	na, nb := normWords(a), normWords(b)
	// lcs[i][j] = LCS length of na[i:], nb[j:].
	lcs := make([][]int32, len(na)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(nb)+1)
	}
	for i := len(na) - 1; i >= 0; i-- {
		for j := len(nb) - 1; j >= 0; j-- {
			if na[i] == nb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < len(na) && j < len(nb) {
		switch {
		case na[i] == nb[j]:
			ops = append(ops, Op{OpEqual, b[j]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, Op{OpDelete, a[i]})
			i++
		default:
			ops = append(ops, Op{OpInsert, b[j]})
			j++
		}
	}
	for ; i < len(na); i++ {
		ops = append(ops, Op{OpDelete, a[i]})
	}
	for ; j < len(nb); j++ {
		ops = append(ops, Op{OpInsert, b[j]})
	}
	return merge(ops)
}

func normWords(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.Trim(Normalize(w), `"'.,;:!?()[]-`)
	}
	return out
}

// merge joins adjacent ops of the same kind into one run.
func merge(ops []Op) []Op {
	var out []Op
	for _, o := range ops {
		if o.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == o.Op {
			out[n-1].Text += " " + o.Text
			continue
		}
		out = append(out, o)
	}
	return out
}
