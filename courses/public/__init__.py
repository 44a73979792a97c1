"""What schools, teachers and the public see: the courseware library, and the compliance
pages a school's staff, township officers and the bureau read on the site."""
