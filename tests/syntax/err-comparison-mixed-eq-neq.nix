true == false != true
