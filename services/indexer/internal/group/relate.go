package group

// Head is the little of an Item that tells, before its features are read,
// that it cannot score against or be near another claim: its id's hash and
// its terms' signature. Score and Near both give nothing for a pair of
// different claims whose signatures share no bit, which about a third of a
// store's candidate pairs are. Without pointers, so that a store can keep
// the heads of far more claims than it keeps features of, and read a
// candidate's features only when its head says it may matter.
type Head struct {
	idHash uint64
	sig    termSig
}

// HeadOf returns it's Head.
func HeadOf(it *Item) Head { return Head{idHash: it.idHash, sig: it.sig} }

// MayRelate reports whether a claim whose Head is h may score above 0
// against a or be near it (Score, Near): false only when it can do
// neither.
func MayRelate(a *Item, h *Head) bool {
	return a.idHash == h.idHash || a.sig.meets(&h.sig)
}
