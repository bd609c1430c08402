// embed host script: see issue 4
