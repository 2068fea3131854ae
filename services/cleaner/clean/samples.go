package clean

import (
	"bytes"
	"fmt"

	"golang.org/x/net/html"

	"github.com/claimwire/claimwire/services/cleaner/internal/boilerplate"
	"github.com/claimwire/claimwire/services/cleaner/internal/htmlbody"
	"github.com/claimwire/claimwire/services/cleaner/internal/meta"
)

// Samples returns the blocks of a page that the line model judges, with
// their features, read the way Page reads the page. cmd/fitlines labels
// them from annotated pages and fits the model.
func Samples(in Input) ([]boilerplate.Sample, error) {
	kind, err := sniff(in.Body, in.ContentType)
	if err != nil {
		return nil, err
	}
	if kind == kindText {
		return boilerplate.Samples(textBlocks(in.Body, in.ContentType), boilerplate.Options{Text: true, URL: in.URL}), nil
	}
	root, err := html.Parse(bytes.NewReader(bytes.TrimPrefix([]byte(decode(in.Body, in.ContentType)), []byte("\ufeff"))))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrHTML, err)
	}
	m := meta.Read(root)
	return boilerplate.Samples(htmlbody.Extract(root), boilerplate.Options{Title: m.Title}), nil
}
