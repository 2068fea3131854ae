module github.com/claimwire/claimwire/services/indexer

go 1.26.0

replace github.com/claimwire/claimwire/pkg => ../../pkg
