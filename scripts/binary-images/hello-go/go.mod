module example.com/barnacle/hello-go

go 1.19

require (
	example.com/barnacle/greeting v0.0.0-00010101000000-000000000000
	github.com/pkg/errors v0.9.1
	golang.org/x/text v0.7.0
)

// A local module, and golang.org/x/text taken from its GitHub mirror: both kinds of replacement.
replace example.com/barnacle/greeting => ./greeting

replace golang.org/x/text => github.com/golang/text v0.7.0
