module github.com/claimwire/claimwire/services/extractor

go 1.26.0

replace github.com/claimwire/claimwire/pkg => ../../pkg
