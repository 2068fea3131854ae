package boilerplate

import (
	"strings"
	"testing"
)

// TestPromoLiterals: one example per promo family; each must match promo
// and pass the literal prefilter, so a family added to promo without a
// literal fails here instead of silently never matching.
func TestPromoLiterals(t *testing.T) {
	for _, line := range []string{
		"Download the Daily Ledger app now", "Get our app to stay updated", "Subscribe to our channel",
		"Sign up for alerts", "Newsletters straight to your inbox", "Sign up to our newsletter", "Follow us on X",
		"Join our WhatsApp channel for alerts", "Google News channel", "Click here to read", "Get the latest news",
		"For more news from the region", "Like us on Facebook", "Turn on push notifications", "Allow notifications",
		"Already a subscriber? Log in", "Login to continue", "Create a free account", "Unlimited digital access",
		"Support independent journalism", "Become a member", "Share this article", "Leave a comment",
		"Comments are closed", "Have your say", "We use cookies", "How we use personal data", "Data protection policy",
		"By submitting this form you agree", "Please read our community guidelines", "We sent an activation link",
		"You have successfully subscribed", "Keep up to date with us", "No thanks", "Save my name and email",
		"Notify me of new posts", "This site uses Akismet", "Your email address will not be published",
		"Required fields are marked", "You are commenting using your account", "Posting your comment",
		"This post contains affiliate links", "We may earn a small commission", "Cookie settings", "Accept all cookies",
		"Terms of use", "Privacy policy", "Thanks for signing up!", "Keep an eye on your inbox for the morning briefing.",
		"Please check the opt-in box to confirm.", "There was an error processing your subscription.",
		"I agree that the Ledger can send me its newsletter.", "Follow Harbour Herald on Instagram, Facebook and YouTube.",
	} {
		if !promo.MatchString(line) {
			t.Errorf("promo does not match %q", line)
		}
		if !holdsAny(strings.ToLower(line), promoLiterals) {
			t.Errorf("no promo literal in %q", line)
		}
	}
}

// TestConsentLiterals: the same check for consentNewsletter.
func TestConsentLiterals(t *testing.T) {
	for _, line := range []string{
		"This website uses cookies", "You agree to our use of cookies", "We and our partners use data",
		"Delivered to your inbox", "In your inbox every morning", "By signing up you accept", "We will never share your email",
		"Thank you for subscribing", "Support local journalism", "Our journalism needs your support", "See all stories by Per Vik",
	} {
		if !consentNewsletter.MatchString(line) {
			t.Errorf("consentNewsletter does not match %q", line)
		}
		if !holdsAny(strings.ToLower(line), consentLiterals) {
			t.Errorf("no consent literal in %q", line)
		}
	}
}

// TestProvenance: one example per provenance alternative; each must be
// found by isProvenance, so a form added to a pattern without its word or
// opening in the lists fails here instead of silently never matching.
func TestProvenance(t *testing.T) {
	for _, line := range []string{
		"(This report is published unedited from a syndicated feed.)",
		"Apart from the headline, the copy has not been edited by Ledger staff.",
		"This summary was generated automatically from agency copy.",
		"Summary auto-generated from the council's minutes.",
		"Disclaimer: The opinions expressed here belong to the writer.",
		"This post was first published on the Quay Courier.",
		"This piece was produced in partnership with the Valley Post.",
		"Agency copy may not be published, broadcast or sold.",
		"It must not be broadcast, rewritten or redistributed.",
	} {
		if !isProvenance(line, strings.ToLower(line)) {
			t.Errorf("not read as provenance: %q", line)
		}
	}
}
