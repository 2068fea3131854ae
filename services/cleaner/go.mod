module github.com/claimwire/claimwire/services/cleaner

go 1.26.0

replace github.com/claimwire/claimwire/pkg => ../../pkg
