module github.com/claimwire/claimwire/pkg

go 1.26.0
