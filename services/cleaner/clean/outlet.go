package clean

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// outletOf names the publisher: the registrable domain of the URL
// ("moneycontrol.com"), which is stable across a site's pages, or the
// page's own site name when there is no URL.
func outletOf(siteName, rawURL string) string {
	if rawURL != "" {
		if u, err := url.Parse(rawURL); err == nil && u.Hostname() != "" {
			host := strings.ToValidUTF8(strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), "")
			if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
				return d
			}
			return strings.TrimPrefix(host, "www.")
		}
	}
	return strings.TrimSpace(siteName)
}
