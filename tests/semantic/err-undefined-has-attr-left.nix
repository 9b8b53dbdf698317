settings ? enable
