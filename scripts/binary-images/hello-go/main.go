// A small program with real module dependencies, built by scripts/binary-images/build-binaries.sh.
package main

import (
	"fmt"
	"os"

	"example.com/barnacle/greeting"
	"github.com/pkg/errors"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--fail" {
		fmt.Fprintln(os.Stderr, errors.Wrap(errors.New("asked to"), "hello-go "+version))
		os.Exit(1)
	}
	fmt.Println(cases.Title(language.English).String(greeting.Text()))
}
