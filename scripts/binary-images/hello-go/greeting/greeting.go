// Package greeting is the local module hello-go replaces with a directory.
package greeting

// Text is the greeting.
func Text() string { return "hello from barnacle's test binary" }
