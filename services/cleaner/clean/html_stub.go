package clean

func fromHTML(body []byte, contentType, pageURL string) (doc, error) {
	return fromText(body, contentType)
}
