module github.com/gosendmail/gosendmail

go 1.26
