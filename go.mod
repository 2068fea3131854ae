module github.com/claimwire/claimwire

go 1.26.0

replace (
	github.com/claimwire/claimwire/pkg => ./pkg
	github.com/claimwire/claimwire/services/cleaner => ./services/cleaner
	github.com/claimwire/claimwire/services/extractor => ./services/extractor
	github.com/claimwire/claimwire/services/fetcher => ./services/fetcher
	github.com/claimwire/claimwire/services/indexer => ./services/indexer
)
