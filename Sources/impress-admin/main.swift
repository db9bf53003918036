import ImpressApp

ImpressApp.main()
