//go:build m4stubs

package m4

func m4regexp(args []string, diag func(string)) string   { return "" }
func m4patsubst(args []string, diag func(string)) string { return "" }
